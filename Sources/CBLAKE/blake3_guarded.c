// Hashing memory-mapped file data without letting a shrinking file kill the process.
//
// Reading a mapped page that lies beyond the end of the file raises SIGBUS, which happens when
// a file is truncated while it is being hashed. A process-wide SIGBUS handler, installed once,
// recognises faults inside the byte range a thread is currently hashing and jumps back out of
// the kernel with an error; every other SIGBUS goes to the handler that was installed before us
// (or the default action), so unrelated crashes are reported exactly as without this file.
// Only C frames (this file and the hashing kernels, which hold no locks and allocate nothing)
// lie between the setjmp and the fault.
#if defined(__linux__) || defined(__APPLE__)
#define _GNU_SOURCE
#include "CBLAKE.h"
#include "blake3_internal.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>

typedef struct {
    sigjmp_buf jump;
    const uint8_t *begin;
    const uint8_t *end;
} b3_guard;

// The guard of the range this thread is hashing, or NULL.
static _Thread_local b3_guard *volatile b3_current_guard;
static struct sigaction b3_previous_sigbus;
static pthread_once_t b3_install_once = PTHREAD_ONCE_INIT;
static int b3_install_status = -1;

static void b3_on_sigbus(int signo, siginfo_t *info, void *context) {
    b3_guard *guard = b3_current_guard;
    if (guard != NULL && info != NULL) {
        const uint8_t *address = (const uint8_t *)info->si_addr;
        if (address >= guard->begin && address < guard->end) {
            b3_current_guard = NULL;
            // Leave with the signal mask the thread had when it faulted. SA_NODEFER alone is not
            // enough when the handler is entered with more signals blocked than asked for:
            // ThreadSanitizer installs its own handler with every signal masked and calls this
            // one from it, so jumping out left every signal blocked in the thread, and its next
            // SIGBUS killed the process. One system call, only on this rare path.
            if (context != NULL) {
                pthread_sigmask(SIG_SETMASK, &((const ucontext_t *)context)->uc_sigmask, NULL);
            }
            siglongjmp(guard->jump, 1);
        }
    }
    // Not ours: hand over to the previous disposition.
    if ((b3_previous_sigbus.sa_flags & SA_SIGINFO) && b3_previous_sigbus.sa_sigaction != NULL) {
        b3_previous_sigbus.sa_sigaction(signo, info, context);
        return;
    }
    if (b3_previous_sigbus.sa_handler != SIG_DFL && b3_previous_sigbus.sa_handler != SIG_IGN &&
        !(b3_previous_sigbus.sa_flags & SA_SIGINFO)) {
        b3_previous_sigbus.sa_handler(signo);
        return;
    }
    // Default action (ignoring a memory fault would only repeat it): terminate as SIGBUS does.
    signal(SIGBUS, SIG_DFL);
    raise(SIGBUS);
}

static void b3_install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = b3_on_sigbus;
    sigemptyset(&action.sa_mask);
    // SA_NODEFER: leaving the handler by siglongjmp must not leave SIGBUS blocked, and it lets
    // sigsetjmp skip saving the signal mask (a system call) on every guarded range.
    action.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
    b3_install_status = sigaction(SIGBUS, &action, &b3_previous_sigbus);
}

// Installs the handler once per process; 0 on success.
static int b3_install_sigbus_guard(void) {
    pthread_once(&b3_install_once, b3_install);
    return b3_install_status;
}

int cblake3_subtree_cv_guarded(const uint8_t *input, uint64_t num_chunks, uint64_t chunk_counter,
                               int simd_level, uint8_t out_cv[32]) {
    if (b3_install_sigbus_guard() != 0) return -2;
    b3_guard guard;
    guard.begin = input;
    guard.end = input + num_chunks * B3_CHUNK_LEN;
    if (sigsetjmp(guard.jump, 0) != 0) {
        return -1;  // the handler cleared b3_current_guard
    }
    b3_current_guard = &guard;
    atomic_signal_fence(memory_order_seq_cst);
    cblake3_subtree_cv(input, num_chunks, chunk_counter, simd_level, out_cv);
    atomic_signal_fence(memory_order_seq_cst);
    b3_current_guard = NULL;
    return 0;
}

#else
#include "CBLAKE.h"

int cblake3_subtree_cv_guarded(const uint8_t *input, uint64_t num_chunks, uint64_t chunk_counter,
                               int simd_level, uint8_t out_cv[32]) {
    (void)input, (void)num_chunks, (void)chunk_counter, (void)simd_level, (void)out_cv;
    return -2;
}
#endif
