/* Error messages of the modal-lint front end, all on stderr in one format. */
#ifndef MODAL_LINT_MESSAGES_H
#define MODAL_LINT_MESSAGES_H

/* Prints "modal-lint: " followed by the formatted text and a newline on stderr. The text is
 * written through cli_escape_write (escape.h), backslashes included: control characters of the
 * file names and arguments it quotes show as `\x1b`, `\n`..., so one call is one line. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void cli_error(const char *format, ...);

#endif
