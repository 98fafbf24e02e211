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
