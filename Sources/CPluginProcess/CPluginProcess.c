#define _GNU_SOURCE
#include "CPluginProcess.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__linux__)
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

static int make_pipe(int fds[2]) {
#if defined(__linux__)
    return pipe2(fds, O_CLOEXEC);
#else
    if (pipe(fds) != 0) return -1;
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    return 0;
#endif
}

static void close_pair(int fds[2]) {
    if (fds[0] >= 0) close(fds[0]);
    if (fds[1] >= 0) close(fds[1]);
    fds[0] = fds[1] = -1;
}

static void set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

/// Reports a failure from the child to the parent, then exits. Async-signal-safe.
static void child_fail(int report_fd, tc_spawn_stage stage) {
    int message[2] = {(int)stage, errno};
    ssize_t ignored = write(report_fd, message, sizeof message);
    (void)ignored;
    _exit(127);
}

/// Closes every descriptor from 3 up except `keep`. Async-signal-safe.
static void close_other_descriptors(int keep) {
#if defined(__linux__) && defined(SYS_close_range)
    if (keep > 3) syscall(SYS_close_range, 3U, (unsigned)(keep - 1), 0U);
    if (syscall(SYS_close_range, (unsigned)(keep + 1), ~0U, 0U) == 0) return;
#endif
    long highest = sysconf(_SC_OPEN_MAX);
    if (highest < 0 || highest > 65536) highest = 65536;
    for (int fd = 3; fd < highest; fd++) {
        if (fd != keep) close(fd);
    }
}

tc_spawn_stage tc_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                        long long memory_limit_bytes, tc_child *child, int *error_number) {
    int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1}, report[2] = {-1, -1};
    if (make_pipe(in) != 0 || make_pipe(out) != 0 || make_pipe(err) != 0 || make_pipe(report) != 0) {
        *error_number = errno;
        close_pair(in); close_pair(out); close_pair(err); close_pair(report);
        return TC_SPAWN_PIPE;
    }
#if defined(__linux__)
    // Orphans of the plugin's descendants (a child that left its process group with
    // setsid, say) are re-parented to this process, where tc_end_orphans finds them.
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
#endif
    pid_t pid = fork();
    if (pid < 0) {
        *error_number = errno;
        close_pair(in); close_pair(out); close_pair(err); close_pair(report);
        return TC_SPAWN_FORK;
    }
    if (pid == 0) {
        // The child: only async-signal-safe calls from here to exec.
        setpgid(0, 0);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        struct sigaction fallback;
        fallback.sa_handler = SIG_DFL;
        fallback.sa_flags = 0;
        sigemptyset(&fallback.sa_mask);
        for (int signal_number = 1; signal_number < NSIG; signal_number++) {
            if (signal_number != SIGKILL && signal_number != SIGSTOP) sigaction(signal_number, &fallback, NULL);
        }
        if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0) child_fail(report[1], TC_SPAWN_PIPE);
        int report_fd = report[1];
        close_other_descriptors(report_fd);
        struct rlimit no_core = {0, 0};
        setrlimit(RLIMIT_CORE, &no_core);
        if (memory_limit_bytes > 0) {
            struct rlimit current = {RLIM_INFINITY, RLIM_INFINITY};
            rlim_t wanted = (rlim_t)memory_limit_bytes;
            if (getrlimit(RLIMIT_AS, &current) == 0 && current.rlim_max != RLIM_INFINITY && current.rlim_max < wanted) {
                wanted = current.rlim_max;
            }
            struct rlimit limit = {wanted, wanted};
            if (current.rlim_max != RLIM_INFINITY && current.rlim_max >= wanted) limit.rlim_max = current.rlim_max;
            if (setrlimit(RLIMIT_AS, &limit) != 0) child_fail(report_fd, TC_SPAWN_RLIMIT);
        }
        if (directory != NULL && chdir(directory) != 0) child_fail(report_fd, TC_SPAWN_CHDIR);
        execve(path, argv, envp);
        child_fail(report_fd, TC_SPAWN_EXEC);
    }
    // The parent.
    setpgid(pid, pid); // also done by the child; whichever runs first wins the race harmlessly
    close(in[0]);
    close(out[1]);
    close(err[1]);
    close(report[1]);
    int message[2] = {0, 0};
    ssize_t got;
    do {
        got = read(report[0], message, sizeof message);
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == (ssize_t)sizeof message) {
        // exec failed: reap the child and report why.
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        close(in[1]);
        close(out[0]);
        close(err[0]);
        *error_number = message[1];
        return (tc_spawn_stage)message[0];
    }
    set_nonblocking(in[1]);
    set_nonblocking(out[0]);
    set_nonblocking(err[0]);
    child->pid = (int)pid;
    child->stdin_fd = in[1];
    child->stdout_fd = out[0];
    child->stderr_fd = err[0];
    *error_number = 0;
    return TC_SPAWN_OK;
}

void tc_ignore_sigpipe(void) {
    signal(SIGPIPE, SIG_IGN);
}

int tc_exited(int status, int *code) {
    if (WIFEXITED(status)) {
        *code = WEXITSTATUS(status);
        return 1;
    }
    return 0;
}

int tc_signaled(int status, int *signal_number) {
    if (WIFSIGNALED(status)) {
        *signal_number = WTERMSIG(status);
        return 1;
    }
    return 0;
}

#if defined(__linux__)
/// The parent process id of `pid`, from /proc/PID/stat, or -1.
static pid_t parent_of(pid_t pid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *file = fopen(path, "re");
    if (file == NULL) return -1;
    char buffer[1024];
    size_t length = fread(buffer, 1, sizeof buffer - 1, file);
    fclose(file);
    buffer[length] = 0;
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses; it ends at the last ')'.
    char *end = strrchr(buffer, ')');
    if (end == NULL) return -1;
    char state;
    int parent;
    if (sscanf(end + 1, " %c %d", &state, &parent) != 2) return -1;
    return (pid_t)parent;
}

/// Whether the environment of `pid` holds the line `marker` (NUL-separated, as in /proc).
static int has_marker(pid_t pid, const char *marker) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/environ", (int)pid);
    FILE *file = fopen(path, "re");
    if (file == NULL) return 0;
    size_t wanted = strlen(marker);
    char line[256];
    size_t length = 0;
    int found = 0, overlong = 0, character;
    while (!found && (character = fgetc(file)) != EOF) {
        if (character == 0) {
            found = !overlong && length == wanted && memcmp(line, marker, wanted) == 0;
            length = 0;
            overlong = 0;
        } else if (length < sizeof line) {
            line[length++] = (char)character;
        } else {
            overlong = 1;
        }
    }
    fclose(file);
    return found;
}

static int is_live(pid_t pid, const int *live, int live_count) {
    for (int index = 0; index < live_count; index++) {
        if (live[index] == (int)pid) return 1;
    }
    return 0;
}
#endif

int tc_end_orphans(const char *marker, const int *live, int live_count) {
    int ended = 0;
#if defined(__linux__)
    pid_t self = getpid();
    // Killing an orphan re-parents its own children here in turn: repeat until none is left.
    for (int round = 0; round < 64; round++) {
        DIR *proc = opendir("/proc");
        if (proc == NULL) return ended;
        int found = 0;
        struct dirent *entry;
        while ((entry = readdir(proc)) != NULL) {
            char *rest;
            long value = strtol(entry->d_name, &rest, 10);
            if (*rest != 0 || value <= 0) continue;
            pid_t pid = (pid_t)value;
            if (parent_of(pid) != self || is_live(pid, live, live_count) || !has_marker(pid, marker)) continue;
            kill(pid, SIGKILL);
            int status;
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
            found++;
        }
        closedir(proc);
        ended += found;
        if (found == 0) break;
    }
#else
    (void)marker;
    (void)live;
    (void)live_count;
#endif
    return ended;
}
