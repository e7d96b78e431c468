// The kernel host's last act before any candidate entry point runs: a seccomp filter, applied to every
// thread (TSYNC), that the candidate cannot lift. It denies what a kernel has no business doing —
// creating processes, exec, sockets, ptrace, writing files, replacing the fault handlers, and changing
// any mapping in the judge's window — while threads, reads and ordinary memory management stay allowed.
// A denied call raises SIGSYS; our handler reports the call's number to the judge and exits, so the
// verdict can name it. A fault (SIGSEGV, SIGBUS) is reported the same way, with where it landed: the
// kernel's own handler could never be installed, so touching a guard page always ends it. (Code that runs before main, in static constructors, is not under this filter,
// but it is inside the namespaces: whatever it forks dies with the evaluation, whatever it writes lands
// in a private tmpfs, and the window does not exist yet.)
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>
#include <ucontext.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "channel.hpp"
#include "seal.hpp"

#if defined(__x86_64__)
#define MKB_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define MKB_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
#error "seal.cpp: unsupported architecture"
#endif

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

namespace mkb {
namespace {

Reply* gReply = nullptr;
std::atomic<uint32_t>* gSeq = nullptr;
const Command* gCmd = nullptr;
uint64_t gWindow = 0;

// A fault ends the kernel, always; first it tells the judge where it landed (async-signal-safe: no calls).
void onFault(int sig, siginfo_t* info, void* context) {
    if (gReply && gCmd) {
        Fault f = {-1, 0, -1, 0};
        const uint64_t addr = (uint64_t)info->si_addr;
        for (int side = 0; side < 2 && f.tensor < 0; ++side) {
            const uint32_t n     = side ? gCmd->nInputs : gCmd->nOutputs;
            const Region* rs     = side ? gCmd->inputs : gCmd->outputs;
            for (uint32_t i = 0; i < n && i < (uint32_t)kMaxTensors; ++i) {
                const uint64_t data = gWindow + rs[i].windowOffset + rs[i].data;
                // its region and the guard page on either side
                if (addr + kPage >= gWindow + rs[i].windowOffset && addr < gWindow + rs[i].windowOffset + rs[i].size + kPage) {
                    f = {(int32_t)i, side, -1, (int64_t)(addr - data)};
                    break;
                }
            }
        }
#if defined(__x86_64__)
        f.write = (((ucontext_t*)context)->uc_mcontext.gregs[REG_ERR] & 2) ? 1 : 0;
#else
        (void)context;
#endif
        gReply->fault = f;
        gReply->kind  = kFault;
        gReply->code  = sig;
        gReply->seq.store(gSeq ? gSeq->load() : 0xffffffffu, std::memory_order_release);
    }
    syscall(SYS_exit_group, 128 + sig);
}

void onSigsys(int, siginfo_t* info, void*) {
    if (gReply) {
        gReply->kind = kDenied;
        gReply->code = info->si_syscall;
        gReply->seq.store(gSeq ? gSeq->load() : 0xffffffffu, std::memory_order_release);
    }
    syscall(SYS_exit_group, 159);
}

using Prog = std::vector<sock_filter>;

constexpr uint32_t kArgLo(int i) { return offsetof(seccomp_data, args) + 8 * i; }
constexpr uint32_t kArgHi(int i) { return offsetof(seccomp_data, args) + 8 * i + 4; }
constexpr uint32_t kTrap  = SECCOMP_RET_TRAP;
constexpr uint32_t kAllow = SECCOMP_RET_ALLOW;

sock_filter stmt(uint16_t code, uint32_t k) { return BPF_STMT(code, k); }
sock_filter jump(uint16_t code, uint32_t k, uint8_t jt, uint8_t jf) { return BPF_JUMP(code, k, jt, jf); }

// One rule: "if nr == `nr`, then `block`" where `block` ends in returns on every path.
void rule(Prog& p, long nr, const Prog& block) {
    p.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)));
    p.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0, (uint8_t)block.size()));
    p.insert(p.end(), block.begin(), block.end());
}

Prog ret(uint32_t action) { return {stmt(BPF_RET | BPF_K, action)}; }

// Deny when the high half of 64-bit argument `i` lies in [zoneLo, zoneHi) (the window's 4 GiB-aligned
// zone, 64 GiB below it included), or when length argument `len` (if >= 0) is 64 GiB or more: so no
// call that starts outside the zone can reach into the window either.
Prog rangeCheck(int i, int len, uint32_t zoneLo, uint32_t zoneHi) {
    Prog b;
    if (len >= 0) {
        b.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, kArgHi(len)));
        b.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, 16, 3, 0)); // >= 2^36 bytes: to the trap below
    }
    b.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, kArgHi(i)));
    b.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, zoneHi, 2, 0));
    b.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, zoneLo, 0, 1));
    b.push_back(stmt(BPF_RET | BPF_K, kTrap));
    b.push_back(stmt(BPF_RET | BPF_K, kAllow));
    return b;
}

// Deny when (argument `i` & `mask`) != 0 (low half), e.g. open flags that write.
Prog maskCheck(int i, uint32_t mask) {
    return {stmt(BPF_LD | BPF_W | BPF_ABS, kArgLo(i)), jump(BPF_JMP | BPF_JSET | BPF_K, mask, 0, 1),
            stmt(BPF_RET | BPF_K, kTrap), stmt(BPF_RET | BPF_K, kAllow)};
}

Prog buildFilter(uint64_t windowLo, uint64_t windowHi) {
    const uint64_t margin = 1ull << 36;
    const uint32_t zoneLo = (uint32_t)((windowLo > margin ? windowLo - margin : 0) >> 32);
    const uint32_t zoneHi = (uint32_t)((windowHi + (1ull << 32) - 1) >> 32);
    Prog p;
    p.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)));
    p.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, MKB_AUDIT_ARCH, 1, 0));
    p.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
#if defined(__x86_64__)
    // x32 system calls (bit 30) would bypass every number below.
    p.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)));
    p.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1));
    p.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
#endif
    const long denied[] = {
#ifdef __NR_fork
        __NR_fork, __NR_vfork,
#endif
        __NR_execve, __NR_execveat, __NR_socket, __NR_socketpair, __NR_ptrace, __NR_process_vm_readv,
        __NR_process_vm_writev, __NR_unshare, __NR_setns, __NR_mount, __NR_umount2, __NR_pivot_root,
        __NR_chroot, __NR_userfaultfd, __NR_io_uring_setup, __NR_io_uring_enter, __NR_io_uring_register,
        __NR_bpf, __NR_perf_event_open, __NR_keyctl, __NR_add_key, __NR_request_key, __NR_pidfd_open,
        __NR_pidfd_getfd, __NR_kcmp, __NR_open_by_handle_at, __NR_name_to_handle_at, __NR_unlinkat,
        __NR_renameat2, __NR_mkdirat, __NR_linkat, __NR_symlinkat, __NR_truncate, __NR_ftruncate,
        __NR_fchmod, __NR_fchmodat, __NR_fchownat, __NR_fchown, __NR_mknodat, __NR_shmat,
        __NR_remap_file_pages, __NR_process_madvise,
#ifdef __NR_open
        __NR_creat, __NR_unlink, __NR_rename, __NR_renameat, __NR_mkdir, __NR_rmdir, __NR_link, __NR_symlink,
        __NR_chmod, __NR_chown, __NR_lchown, __NR_mknod,
#endif
    };
    for (long nr : denied) {
        rule(p, nr, ret(kTrap));
    }
    // glibc tries clone3 first and falls back to clone, whose flags we can read (clone3's are in memory).
    rule(p, __NR_clone3, ret(SECCOMP_RET_ERRNO | ENOSYS));
    rule(p, __NR_openat2, ret(SECCOMP_RET_ERRNO | ENOSYS));
    // clone: threads only (CLONE_THREAD set), never a new process.
    rule(p, __NR_clone, {stmt(BPF_LD | BPF_W | BPF_ABS, kArgLo(0)),
                         jump(BPF_JMP | BPF_JSET | BPF_K, CLONE_THREAD, 1, 0), stmt(BPF_RET | BPF_K, kTrap),
                         stmt(BPF_RET | BPF_K, kAllow)});
    const uint32_t writes = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND;
    rule(p, __NR_openat, maskCheck(2, writes));
#ifdef __NR_open
    rule(p, __NR_open, maskCheck(1, writes));
#endif
    // No handler of our fault signals can be installed (ours for SIGSYS is in place already).
    {
        Prog b = {stmt(BPF_LD | BPF_W | BPF_ABS, kArgLo(0)),
                  jump(BPF_JMP | BPF_JEQ | BPF_K, SIGSEGV, 3, 0),
                  jump(BPF_JMP | BPF_JEQ | BPF_K, SIGBUS, 2, 0),
                  jump(BPF_JMP | BPF_JEQ | BPF_K, SIGSYS, 1, 0),
                  stmt(BPF_RET | BPF_K, kAllow),
                  // a query (act == NULL) is fine
                  stmt(BPF_LD | BPF_W | BPF_ABS, kArgLo(1)),
                  jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3),
                  stmt(BPF_LD | BPF_W | BPF_ABS, kArgHi(1)),
                  jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
                  stmt(BPF_RET | BPF_K, kAllow),
                  stmt(BPF_RET | BPF_K, kTrap)};
        rule(p, __NR_rt_sigaction, b);
    }
    // Nothing may change a mapping in the window.
    rule(p, __NR_mprotect, rangeCheck(0, 1, zoneLo, zoneHi));
    rule(p, __NR_pkey_mprotect, rangeCheck(0, 1, zoneLo, zoneHi));
    rule(p, __NR_munmap, rangeCheck(0, 1, zoneLo, zoneHi));
    rule(p, __NR_madvise, rangeCheck(0, 1, zoneLo, zoneHi));
    {
        // mremap: never MREMAP_FIXED (a new address of the caller's choosing); old range outside the zone.
        Prog b = {stmt(BPF_LD | BPF_W | BPF_ABS, kArgLo(3)), jump(BPF_JMP | BPF_JSET | BPF_K, 2 /*MREMAP_FIXED*/, 0, 1),
                  stmt(BPF_RET | BPF_K, kTrap), stmt(BPF_LD | BPF_W | BPF_ABS, kArgHi(2)),
                  jump(BPF_JMP | BPF_JGE | BPF_K, 16, 0, 1), stmt(BPF_RET | BPF_K, kTrap)};
        Prog r = rangeCheck(0, 1, zoneLo, zoneHi);
        b.insert(b.end(), r.begin(), r.end());
        rule(p, __NR_mremap, b);
    }
    {
        // mmap with MAP_FIXED may not land in the zone (MAP_FIXED_NOREPLACE cannot replace the window's
        // reservation, so it needs no rule).
        Prog b = {stmt(BPF_LD | BPF_W | BPF_ABS, kArgLo(3)), jump(BPF_JMP | BPF_JSET | BPF_K, MAP_FIXED, 1, 0),
                  stmt(BPF_RET | BPF_K, kAllow)};
        Prog r = rangeCheck(0, 1, zoneLo, zoneHi);
        b.insert(b.end(), r.begin(), r.end());
        rule(p, __NR_mmap, b);
    }
    p.push_back(stmt(BPF_RET | BPF_K, kAllow));
    return p;
}

} // namespace

bool seal(const Command* cmd, Reply* reply, uint64_t windowLo, uint64_t windowHi, std::string& error) {
    gReply  = reply;
    gCmd    = cmd;
    gSeq    = const_cast<std::atomic<uint32_t>*>(&cmd->seq);
    gWindow = windowLo;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = onSigsys;
    sa.sa_flags     = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    // Ours replace any handler a static constructor installed: a fault ends the kernel, always.
    struct sigaction fault;
    memset(&fault, 0, sizeof(fault));
    fault.sa_sigaction = onFault;
    fault.sa_flags     = SA_SIGINFO;
    sigemptyset(&fault.sa_mask);
    sigset_t ours;
    sigemptyset(&ours);
    sigaddset(&ours, SIGSYS);
    sigaddset(&ours, SIGSEGV);
    sigaddset(&ours, SIGBUS);
    if (sigaction(SIGSYS, &sa, nullptr) != 0 || sigaction(SIGSEGV, &fault, nullptr) != 0 ||
        sigaction(SIGBUS, &fault, nullptr) != 0 || sigprocmask(SIG_UNBLOCK, &ours, nullptr) != 0) {
        error = "cannot install the fault handlers";
        return false;
    }
    Prog p = buildFilter(windowLo, windowHi);
    if (p.size() > 4096) {
        error = "the seccomp filter is too long";
        return false;
    }
    sock_fprog prog = {(unsigned short)p.size(), p.data()};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        error = std::string("prctl(NO_NEW_PRIVS) failed: ") + strerror(errno);
        return false;
    }
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog) != 0) {
        error = std::string("seccomp failed: ") + strerror(errno);
        return false;
    }
    return true;
}

} // namespace mkb
