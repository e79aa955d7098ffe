/* The termination signals taken by one thread, which waits for the temporary files to be gone
 * before it lets the signal end the process (see signal_guard.h). */
#include "signal_guard.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "modallint/error.h"

static const int guarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t none_left = PTHREAD_COND_INITIALIZER;
static unsigned temp_files;  /* temporary files in existence */
static bool ending;          /* a signal arrived: no new temporary file may be made */

static pthread_t taker;
static bool taking;
static sigset_t taken;       /* the signals the taker waits for */
static sigset_t previous;    /* the caller's mask before cli_signal_guard_start */

void cli_temp_file_begin(void) {
  pthread_mutex_lock(&lock);
  /* The process is about to end: this thread waits for it rather than starting a file that
   * could not be finished. */
  while (ending)
    pthread_cond_wait(&none_left, &lock);
  temp_files++;
  pthread_mutex_unlock(&lock);
}

void cli_temp_file_end(void) {
  pthread_mutex_lock(&lock);
  if (--temp_files == 0)
    pthread_cond_broadcast(&none_left);
  pthread_mutex_unlock(&lock);
}

/* Ends the process with `sig`, as its default action would have, once no temporary file exists.
 * The lock is never released: no thread may start a new file in the meantime. */
static void end_with(int sig) {
  /* cli_signal_guard_stop may be cancelling this thread just now: the signal wins. */
  pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
  pthread_mutex_lock(&lock);
  ending = true;
  while (temp_files > 0)
    pthread_cond_wait(&none_left, &lock);
  struct sigaction dfl = {.sa_handler = SIG_DFL};
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, NULL);
  sigset_t one;
  sigemptyset(&one);
  sigaddset(&one, sig);
  pthread_sigmask(SIG_UNBLOCK, &one, NULL);
  raise(sig);
}

static void *take_signals(void *unused) {
  (void)unused;
  for (;;) {
    int sig;
    if (sigwait(&taken, &sig) == 0)
      end_with(sig);
  }
  return NULL;
}

int cli_signal_guard_start(void) {
  sigemptyset(&taken);
  for (size_t i = 0; i < sizeof guarded / sizeof guarded[0]; i++) {
    struct sigaction current;
    if (sigaction(guarded[i], NULL, &current) == 0 && current.sa_handler != SIG_IGN)
      sigaddset(&taken, guarded[i]);
  }
  pthread_sigmask(SIG_BLOCK, &taken, &previous);
  if (pthread_create(&taker, NULL, take_signals, NULL) != 0) {
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    return ML_ENOMEM;
  }
  taking = true;
  return ML_OK;
}

void cli_signal_guard_stop(void) {
  if (!taking)
    return;
  /* sigwait is a cancellation point, and the taker holds nothing while it waits there. */
  pthread_cancel(taker);
  pthread_join(taker, NULL);
  taking = false;
  pthread_sigmask(SIG_SETMASK, &previous, NULL);
}
