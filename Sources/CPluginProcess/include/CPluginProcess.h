#ifndef CPLUGINPROCESS_H
#define CPLUGINPROCESS_H

/// The parent's ends of a spawned plugin's standard streams, and its process id.
/// Every descriptor is non-blocking and close-on-exec.
typedef struct {
    int pid;
    int stdin_fd;
    int stdout_fd;
    int stderr_fd;
} tc_child;

/// What failed when a child could not be started.
typedef enum {
    TC_SPAWN_OK = 0,
    TC_SPAWN_PIPE = 1,
    TC_SPAWN_FORK = 2,
    TC_SPAWN_CHDIR = 3,
    TC_SPAWN_RLIMIT = 4,
    TC_SPAWN_EXEC = 5
} tc_spawn_stage;

/// Starts `path` with `argv` and `envp` in a new process group, with its standard input,
/// output and error on pipes, its signal mask cleared and dispositions reset, core dumps
/// off, and (when `memory_limit_bytes` > 0) its address space limited with RLIMIT_AS.
/// `directory` (may be NULL) is the working directory.
///
/// Returns TC_SPAWN_OK and fills `child`, or the stage that failed with `*error_number`
/// set to the errno value (for the child's chdir, setrlimit and exec too).
tc_spawn_stage tc_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                        long long memory_limit_bytes, tc_child *child, int *error_number);

/// Ignores SIGPIPE in this process, so writing to a plugin that has exited is an error
/// (EPIPE) rather than the end of the audit.
void tc_ignore_sigpipe(void);

/// Whether `status` (from waitpid) is a normal exit, and its code.
int tc_exited(int status, int *code);

/// Whether `status` (from waitpid) is a death by a signal, and the signal.
int tc_signaled(int status, int *signal_number);

/// Ends the orphaned descendants of plugins: on Linux, tc_spawn makes this process a child
/// subreaper, so a plugin's descendant that escaped its process group (setsid) becomes a
/// child of this process once its parent ends. Every child of this process whose
/// environment holds the line `marker` (which every plugin is started with, and its
/// descendants inherit) and whose pid is not among the `live_count` pids of `live` (the
/// plugins still running) is killed (SIGKILL) and reaped, repeatedly, until none is left.
/// Children this process started otherwise are left alone. Returns how many were ended
/// (0 elsewhere than Linux).
int tc_end_orphans(const char *marker, const int *live, int live_count);

#endif
