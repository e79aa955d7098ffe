/* Ctrl-C (and SIGTERM, SIGHUP, SIGQUIT) never leaves a temporary file behind.
 *
 * A process-directed signal is delivered to any thread that does not block it, so blocking it
 * only in the thread that writes (as a single-threaded program may) is not enough: with workers,
 * the signal lands on another thread and the process dies while the writer's temporary file
 * exists. Instead, every thread blocks these signals and one thread takes them with sigwait: it
 * waits until no temporary file exists, stops new ones from being made, and then lets the signal
 * end the process as it would have (same signal, same exit status). */
#ifndef MODAL_LINT_SIGNAL_GUARD_H
#define MODAL_LINT_SIGNAL_GUARD_H

/* Blocks the termination signals in the calling thread, and so in every thread it starts later,
 * and starts the thread that takes them. Call before any other thread starts. Signals that were
 * ignored when the program started (nohup) stay ignored. Returns 0 or ML_ENOMEM (no thread could
 * be started: the signals are then left as they were). */
int cli_signal_guard_start(void);

/* Stops that thread and unblocks the signals again. */
void cli_signal_guard_stop(void);

/* Brackets the life of a temporary file: a termination signal that arrives in between takes
 * effect at cli_temp_file_end. Any thread; calls may overlap across threads. */
void cli_temp_file_begin(void);
void cli_temp_file_end(void);

#endif
