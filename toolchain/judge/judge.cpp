// The judge: the trusted half of an evaluation. It is never linked with candidate code.
//
//   judge DIR -- KERNEL-ARGV... [--baseline BASELINE-ARGV...]
//
// DIR (private to the judge: the kernel never sees it) holds `plan.txt` and the input sets
// `set_<k>_<i>.bin` written by Python. The judge creates the channel (toolchain/driver/channel.hpp),
// starts KERNEL-ARGV (the sandbox wrapping `kernel run.json`) with the channel as fds 3..6, and drives it:
// START (create + resize with set 0 loaded), one checked call per set in random order, warm-up, then
// timed calls on randomly chosen timing sets — each preceded, outside the timed region, by loading the
// set and re-poisoning the outputs — of which a random sample (and every call on a near-duplicate set)
// is checked, with no-op round trips interleaved to calibrate and subtract the handshake's own cost,
// and a last checked call after timing. Every call's guards are checked. It writes `result.json` and
// `check_<n>_<j>.bin` (the outputs of checked calls) to DIR and exits 0; Python verifies them. With a
// baseline (MNN's own kernel as a second host, target mnn), each round of the timing loop times both hosts
// on the same set, and only the candidate's calls are checked.
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "channel.hpp"

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif

using namespace mkb;

namespace {

long long nowNs() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

struct Plan {
    int threads = 1;
    unsigned long long seed = 1;
    long long deadlineMs = 20000;
    int warmup = 3, minRepeats = 10, maxRepeats = 100000, maxChecked = 8;
    double minTimeMs = 30;
    bool timed = true;
    int sets = 0;
    std::vector<int> timingSets, nearSets;
    std::vector<uint64_t> inputBytes, outputBytes;
};

bool readPlan(const std::string& path, Plan& plan, std::string& error) {
    FILE* f = fopen(path.c_str(), "r");
    if (!f) {
        error = "cannot read " + path;
        return false;
    }
    char key[64];
    auto list = [&](std::vector<int>& out) {
        int n = 0;
        if (fscanf(f, "%d", &n) != 1 || n < 0 || n > 4096) return false;
        out.resize(n);
        for (auto& v : out) if (fscanf(f, "%d", &v) != 1) return false;
        return true;
    };
    auto sizes = [&](std::vector<uint64_t>& out) {
        int n = 0;
        if (fscanf(f, "%d", &n) != 1 || n < 0 || n > kMaxTensors) return false;
        out.resize(n);
        for (auto& v : out) if (fscanf(f, "%llu", (unsigned long long*)&v) != 1) return false;
        return true;
    };
    bool ok = true;
    while (ok && fscanf(f, "%63s", key) == 1) {
        std::string k = key;
        if (k == "threads") ok = fscanf(f, "%d", &plan.threads) == 1;
        else if (k == "seed") ok = fscanf(f, "%llu", &plan.seed) == 1;
        else if (k == "deadline_ms") ok = fscanf(f, "%lld", &plan.deadlineMs) == 1;
        else if (k == "warmup") ok = fscanf(f, "%d", &plan.warmup) == 1;
        else if (k == "min_repeats") ok = fscanf(f, "%d", &plan.minRepeats) == 1;
        else if (k == "max_repeats") ok = fscanf(f, "%d", &plan.maxRepeats) == 1;
        else if (k == "min_time_ms") ok = fscanf(f, "%lf", &plan.minTimeMs) == 1;
        else if (k == "max_checked") ok = fscanf(f, "%d", &plan.maxChecked) == 1;
        else if (k == "timed") { int t = 0; ok = fscanf(f, "%d", &t) == 1; plan.timed = t != 0; }
        else if (k == "sets") ok = fscanf(f, "%d", &plan.sets) == 1;
        else if (k == "timing_sets") ok = list(plan.timingSets);
        else if (k == "near_sets") ok = list(plan.nearSets);
        else if (k == "inputs") ok = sizes(plan.inputBytes);
        else if (k == "outputs") ok = sizes(plan.outputBytes);
        else ok = false;
    }
    fclose(f);
    ok = ok && plan.sets >= 1 && plan.threads >= 1 && plan.warmup >= 0 && plan.minRepeats >= 1 &&
         plan.maxRepeats >= plan.minRepeats && plan.maxChecked >= 1 && !plan.timingSets.empty();
    for (int s : plan.timingSets) ok = ok && s >= 0 && s < plan.sets;
    if (!ok) error = "the plan file is malformed";
    return ok;
}

bool readExact(const std::string& path, uint8_t* dst, uint64_t bytes) {
    int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW);
    if (fd < 0) return false;
    uint64_t got = 0;
    while (got < bytes) {
        ssize_t n = read(fd, dst + got, bytes - got);
        if (n <= 0) break;
        got += (uint64_t)n;
    }
    char extra;
    bool ok = got == bytes && read(fd, &extra, 1) == 0;
    close(fd);
    return ok;
}

bool writeAll(const std::string& path, const void* data, size_t size) {
    FILE* f = fopen(path.c_str(), "wb");
    if (!f) return false;
    bool ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok;
}

void appendJsonString(std::string& out, const std::string& s) {
    out += '"';
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') { out += '\\'; out += (char)c; }
        else if (c >= 0x20 && c < 0x7f) out += (char)c;
        else { char buf[8]; snprintf(buf, sizeof buf, "\\u%04x", c); out += buf; }
    }
    out += '"';
}

// Text that came from the candidate: printable ASCII only, bounded.
std::string untrusted(const char* s, size_t cap) {
    std::string out;
    for (size_t i = 0; i < cap && s[i]; ++i) {
        unsigned char c = (unsigned char)s[i];
        out += (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    return out.substr(0, 300);
}

struct Memfd {
    int fd = -1;
    uint8_t* map = nullptr;
    uint64_t size = 0;

    bool create(const char* name, uint64_t bytes) {
        size = bytes < kPage ? kPage : bytes;
        fd = (int)syscall(SYS_memfd_create, name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
        if (fd < 0 || ftruncate(fd, (off_t)size) != 0) return false;
        void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (p == MAP_FAILED) return false;
        map = (uint8_t*)p;
        return true;
    }
    // Fixed size always (a shrunk file would fault the judge); read-only for everyone else if `readOnly`.
    bool seal(bool readOnly) {
        int seals = F_SEAL_SHRINK | F_SEAL_GROW | (readOnly ? F_SEAL_FUTURE_WRITE : 0);
        return fcntl(fd, F_ADD_SEALS, seals | F_SEAL_SEAL) == 0;
    }
};

struct Checked {
    int set;
    const char* phase;
    std::vector<uint8_t> bytes; // every output, concatenated
};

struct Failure {
    std::string kind; // empty: none
    std::string message;
    int code = 0;
    long long offset = 0;
    int tensor = -1;
    bool input = false;
    bool hasOffset = false;
};

// One kernel host the judge drives: its channel, its process, and what went wrong with it.
struct Side {
    const char* log = "kernel.log";
    Memfd cmd, reply, in, out;
    Command* layout = nullptr;
    Reply* replyPage = nullptr;
    pid_t child = -1;
    uint32_t seq = 0;
    Failure failure;
    std::vector<long long> samples, noops, raw;
    long long overhead = 0;
};

class Judge {
public:
    Judge(std::string dir, Plan plan) : mDir(std::move(dir)), mPlan(std::move(plan)), mRng(mPlan.seed | 1) {
        mBase.log = "baseline.log";
    }

    // `baselineArgv` (or null): a second host, MNN's own kernel, whose timed calls alternate with the
    // candidate's on the same sets, so a slow spell of the machine hits both sides alike.
    void run(char** childArgv, char** baselineArgv) {
        mStart = nowNs();
        if (!setUp()) {
            return;
        }
        if (!spawn(childArgv)) {
            return;
        }
        mStage = "start-up";
        if (!command(kOpStart)) {
            return finish();
        }
        if (mPlan.timed && baselineArgv) {
            startBaseline(baselineArgv);
        }
        // One checked call per set, in an order the kernel cannot know.
        std::vector<int> order(mPlan.sets);
        for (int k = 0; k < mPlan.sets; ++k) order[k] = k;
        for (int k = mPlan.sets - 1; k > 0; --k) std::swap(order[k], order[next() % (k + 1)]);
        for (size_t t = 0; t < order.size(); ++t) {
            mStage = "execute trial " + std::to_string(t);
            if (!call(order[t], "trial", true)) {
                return finish();
            }
        }
        if (mPlan.timed && !timing()) {
            return finish();
        }
        finish();
    }

    void writeResult() {
        for (size_t n = 0; n < mChecked.size(); ++n) {
            size_t at = 0;
            for (size_t j = 0; j < mPlan.outputBytes.size(); ++j) {
                const std::string path = mDir + "/check_" + std::to_string(n) + "_" + std::to_string(j) + ".bin";
                if (!writeAll(path, mChecked[n].bytes.data() + at, mPlan.outputBytes[j]) && mKernel.failure.kind.empty()) {
                    mKernel.failure = {"judge", "cannot write " + path};
                }
                at += mPlan.outputBytes[j];
            }
        }
        std::string out = "{\n  \"error\": " + failureJson(mKernel.failure);
        out += ",\n  \"stage\": ";
        appendJsonString(out, mStage);
        out += ",\n  \"checked\": [";
        for (size_t n = 0; n < mChecked.size(); ++n) {
            out += (n ? ", " : "") + std::string("{\"set\": ") + std::to_string(mChecked[n].set) + ", \"phase\": \"" +
                   mChecked[n].phase + "\"}";
        }
        auto nums = [](const std::vector<long long>& v) {
            std::string s = "[";
            for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
            return s + "]";
        };
        out += "],\n  \"samples_ns\": " + nums(mKernel.samples);
        out += ",\n  \"noop_ns\": " + nums(mKernel.noops);
        out += ",\n  \"overhead_ns\": " + std::to_string(mKernel.overhead);
        if (mBaseline) {
            out += ",\n  \"baseline\": {\"error\": " + failureJson(mBase.failure) +
                   ", \"samples_ns\": " + nums(mBase.samples) + ", \"overhead_ns\": " + std::to_string(mBase.overhead) + "}";
        }
        out += ",\n  \"calls\": " + std::to_string(mCalls);
        out += ",\n  \"wall_ms\": " + std::to_string((nowNs() - mStart) / 1000000);
        out += "\n}\n";
        const std::string tmp = mDir + "/result.json.tmp";
        if (writeAll(tmp, out.data(), out.size())) {
            rename(tmp.c_str(), (mDir + "/result.json").c_str());
        }
    }

private:
    static std::string failureJson(const Failure& f) {
        if (f.kind.empty()) {
            return "null";
        }
        std::string out = "{\"kind\": ";
        appendJsonString(out, f.kind);
        out += ", \"message\": ";
        appendJsonString(out, f.message);
        out += ", \"code\": " + std::to_string(f.code);
        if (f.tensor >= 0) {
            out += ", \"tensor\": " + std::to_string(f.tensor) + ", \"io\": \"" + (f.input ? "input" : "output") + "\"";
        }
        if (f.hasOffset) out += ", \"offset\": " + std::to_string(f.offset);
        return out + "}";
    }

    unsigned long long next() { // xorshift64*: the schedule's randomness, from Python's seed
        mRng ^= mRng >> 12;
        mRng ^= mRng << 25;
        mRng ^= mRng >> 27;
        return mRng * 2685821657736338717ULL;
    }

    bool fail(const std::string& kind, const std::string& message, int code = 0) {
        if (mS->failure.kind.empty()) {
            mS->failure.kind    = kind;
            mS->failure.message = message;
            mS->failure.code    = code;
        }
        return false;
    }

    bool setUp() {
        const size_t ni = mPlan.inputBytes.size(), no = mPlan.outputBytes.size();
        Command c = {};
        c.magic = kChannelMagic;
        c.version = kChannelVersion;
        c.nInputs = (uint32_t)ni;
        c.nOutputs = (uint32_t)no;
        // Window: [guard][command][guard][reply][guard] then each region followed by a guard page.
        uint64_t at = kPage;
        c.commandWindowOffset = at;
        at += 2 * kPage;
        c.replyWindowOffset = at;
        at += 2 * kPage;
        uint64_t inSize = 0, outSize = 0;
        for (size_t i = 0; i < ni; ++i) {
            c.inputs[i] = regionFor(mPlan.inputBytes[i], inSize, at);
            inSize += c.inputs[i].size;
            at += c.inputs[i].size + kPage;
        }
        for (size_t j = 0; j < no; ++j) {
            c.outputs[j] = regionFor(mPlan.outputBytes[j], outSize, at);
            outSize += c.outputs[j].size;
            at += c.outputs[j].size + kPage;
        }
        c.windowSize = at;
        // 16 TiB plus a random number of 4 GiB steps: far below the mmap area, far above the heap.
        c.window = (16ull << 40) + (next() % 1024) * (4ull << 30);
        memcpy(mCommand, &c, sizeof(Command));
        mInSize = inSize;
        mOutSize = outSize;
        if (!makeChannel()) {
            return false;
        }
        // The sets, read once: nothing of them is ever read again from a file.
        for (int k = 0; k < mPlan.sets; ++k) {
            std::vector<uint8_t> set;
            for (size_t i = 0; i < ni; ++i) {
                const size_t at0 = set.size();
                set.resize(at0 + mPlan.inputBytes[i]);
                const std::string path = mDir + "/set_" + std::to_string(k) + "_" + std::to_string(i) + ".bin";
                if (!readExact(path, set.data() + at0, mPlan.inputBytes[i])) {
                    return fail("judge", "cannot read " + path + " as exactly " + std::to_string(mPlan.inputBytes[i]) + " bytes");
                }
            }
            mSets.push_back(std::move(set));
        }
        // Read once and gone: where the judge's directory is visible to the kernel (a phone, or --no-sandbox),
        // the schedule's seed and the inputs to come are not there to be read.
        for (int k = 0; k < mPlan.sets; ++k) {
            for (size_t i = 0; i < ni; ++i) {
                unlink((mDir + "/set_" + std::to_string(k) + "_" + std::to_string(i) + ".bin").c_str());
            }
        }
        unlink((mDir + "/plan.txt").c_str());
        mPoison.resize(outSize);
        for (uint64_t b = 0; b < outSize; ++b) mPoison[b] = poisonAt(b);
        return sealChannel();
    }

    // The current side's four memory files, laid out as mCommand says.
    bool makeChannel() {
        if (!mS->cmd.create("mkb-command", kPage) || !mS->reply.create("mkb-reply", kPage) ||
            !mS->in.create("mkb-inputs", mInSize) || !mS->out.create("mkb-outputs", mOutSize)) {
            return fail("judge", std::string("cannot create the channel: ") + strerror(errno));
        }
        memcpy((void*)mS->cmd.map, mCommand, sizeof(Command));
        mS->layout = (Command*)mS->cmd.map;
        mS->replyPage = (Reply*)mS->reply.map;
        return true;
    }

    // Poison everywhere once; then load set 0 (kernels read small inputs in onResize) and seal.
    bool sealChannel() {
        for (uint64_t b = 0; b < mS->in.size; ++b) mS->in.map[b] = poisonAt(b);
        loadSet(0);
        poisonOutputs();
        if (!mS->cmd.seal(true) || !mS->in.seal(true) || !mS->reply.seal(false) || !mS->out.seal(false)) {
            return fail("judge", std::string("cannot seal the channel: ") + strerror(errno));
        }
        return true;
    }

    // The baseline's host (checked against the task before this run), started right after the candidate's
    // START: two processes started far apart in time were timed 10-40% apart on this kind of VM, the
    // earlier one slower, even when identical. If it fails at any point, the candidate's run goes on alone.
    void startBaseline(char** argv) {
        mBaseline = true;
        reinterpret_cast<Command*>(mCommand)->sleepSoon = 1;
        mKernel.layout->sleepSoon = 1;  // the command page is sealed against the host only: the judge may write
        mS = &mBase;
        mBaseLive = makeChannel() && sealChannel() && spawn(argv) && command(kOpStart);
        if (!mBaseLive) {
            stop(mBase);
        }
        mS = &mKernel;
    }

    // Every call is prepared the same way (the set copied in, even when it is the same one): a call that
    // skipped the copy found its inputs warmer, and the mix of the two made medians wander by 40%.
    void loadSet(int k) {
        size_t at = 0;
        for (uint32_t i = 0; i < mS->layout->nInputs; ++i) {
            const Region& r = mS->layout->inputs[i];
            memcpy(mS->in.map + r.offset + r.data, mSets[k].data() + at, r.bytes);
            at += r.bytes;
        }
    }

    void poisonOutputs() { memcpy(mS->out.map, mPoison.data(), mPoison.size()); }

    bool spawn(char** argv) {
        const std::string log = mDir + "/" + mS->log;
        int logFd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        int nullFd = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (logFd < 0 || nullFd < 0) {
            return fail("judge", "cannot open the kernel's log");
        }
        // With a core to spare, the judge keeps one and the kernel gets the others: neither is ever moved
        // onto the other's core mid-run (on a small machine that alone made a kernel's samples jump 3x).
        // Decided once, before the first spawn pins the judge: the baseline's host shares the kernel's cores.
        cpu_set_t& mine = mMine;
        cpu_set_t& theirs = mTheirs;
        if (mPin < 0) {
            cpu_set_t all;
            CPU_ZERO(&mine);
            CPU_ZERO(&theirs);
            mPin = sched_getaffinity(0, sizeof all, &all) == 0 && CPU_COUNT(&all) > mPlan.threads;
            if (mPin) {
                theirs = all;
                for (int c = 0; c < CPU_SETSIZE; ++c) {
                    if (CPU_ISSET(c, &all)) {
                        CPU_SET(c, &mine);
                        CPU_CLR(c, &theirs);
                        break;
                    }
                }
            }
        }
        const bool pin = mPin > 0;
        pid_t pid = fork();
        if (pid < 0) {
            return fail("judge", std::string("cannot start the kernel: ") + strerror(errno));
        }
        if (pid == 0) {
            setpgid(0, 0);
            if (pin) {
                sched_setaffinity(0, sizeof theirs, &theirs);
            }
            // Above every fd we keep, so the dup2s below never overwrite one another.
            int fds[] = {mS->cmd.fd, mS->reply.fd, mS->in.fd, mS->out.fd, nullFd, logFd};
            for (int& fd : fds) fd = fcntl(fd, F_DUPFD_CLOEXEC, 100);
            dup2(fds[4], 0);
            dup2(fds[5], 1);
            dup2(fds[5], 2);
            for (int i = 0; i < 4; ++i) dup2(fds[i], kFdCommand + i); // dup2 clears CLOEXEC on the copy
            execvp(argv[0], argv);
            const char msg[] = "judge: cannot exec the kernel\n";
            ssize_t ignored = write(2, msg, sizeof msg - 1);
            (void)ignored;
            _exit(127);
        }
        if (pin) {
            sched_setaffinity(0, sizeof mine, &mine);
        }
        close(logFd);
        close(nullFd);
        mS->child = pid;
        return true;
    }

    // Runs one command on the current side and waits for its answer; false with its failure set when it failed.
    // `ns` gets the round trip as the judge saw it.
    bool command(uint32_t op, long long* ns = nullptr) {
        mS->layout->op = op;
        const uint32_t seq = ++mS->seq;
        const long long t0 = nowNs();
        mS->layout->seq.store(seq, std::memory_order_seq_cst);
        if (mS->replyPage->sleeping.load(std::memory_order_seq_cst)) {
            syscall(SYS_futex, (void*)&mS->layout->seq, FUTEX_WAKE, 1, nullptr, nullptr, 0);
        }
        for (unsigned spin = 0;; ++spin) {
            if (mS->replyPage->seq.load(std::memory_order_acquire) == seq) {
                break;
            }
            // Yielding, not pausing: on a busy machine (or with the kernel's own threads) a judge that
            // spins would take the core the kernel needs; on an idle one a yield returns at once.
            sched_yield();
            if ((spin & 1023) == 1023 && !alive()) {
                return false;
            }
        }
        const long long t1 = nowNs();
        if (ns) *ns = t1 - t0;
        const int32_t kind = mS->replyPage->kind;
        if (kind != kOk) {
            return failed(kind);
        }
        return true;
    }

    bool failed(int32_t kind) {
        const std::string said = untrusted(mS->replyPage->message, sizeof(mS->replyPage->message));
        const int code = mS->replyPage->code;
        switch (kind) {
            case kNoCreator: return fail("no_creator", said);
            case kDuplicateCreator: return fail("duplicate_creator", said);
            case kCreateFailed: return fail("create_failed", said);
            case kResizeFailed: return fail("resize_failed", said, code);
            case kExecuteFailed: return fail("execute_failed", said, code);
            case kException: return fail("exception", said);
            case kDenied: return fail("denied", "", code);
            case kBadSetup: return fail("bad_setup", said);
            case kFault: return faulted(code);
            case kNotExercised: return fail("not_exercised", said);
            default: return fail("crash", "the kernel answered with an unknown status " + std::to_string(kind));
        }
    }

    // SIGSEGV/SIGBUS, placed by the host's handler (its numbers are only ever the kernel's own loss).
    bool faulted(int sig) {
        const Fault f = mS->replyPage->fault;
        const char* name = sig == SIGBUS ? "SIGBUS" : "SIGSEGV";
        const char* verb = f.write == 1 ? "wrote" : f.write == 0 ? "read" : "accessed";
        const bool input = f.input != 0;
        const uint32_t n = input ? mS->layout->nInputs : mS->layout->nOutputs;
        if (f.tensor < 0 || (uint32_t)f.tensor >= n) {
            return fail("crash", "", -sig);
        }
        const Region& r = input ? mS->layout->inputs[f.tensor] : mS->layout->outputs[f.tensor];
        const std::string which = std::string(input ? "input " : "output ") + std::to_string(f.tensor);
        std::string what;
        if (f.offset < 0) {
            what = std::string("the kernel ") + verb + " " + std::to_string(-f.offset) + " bytes before the start of " + which;
        } else if ((uint64_t)f.offset >= r.bytes) {
            what = std::string("the kernel ") + verb + " " + std::to_string((uint64_t)f.offset - r.bytes) +
                   " bytes past the end of " + which;
        } else if (input) {
            what = "the kernel wrote to " + which + " (inputs are read-only)";
        } else {
            return fail("crash", "", -sig);
        }
        fail(input && f.offset >= 0 && (uint64_t)f.offset < r.bytes ? "input_mutated" : "out_of_bounds",
             what + " and was stopped by " + name);
        mS->failure.tensor = f.tensor;
        mS->failure.input = input;
        return false;
    }

    // False (with the failure recorded) once the kernel is gone or the deadline has passed.
    bool alive() {
        int status = 0;
        pid_t r = waitpid(mS->child, &status, WNOHANG);
        if (r == mS->child) {
            mS->child = -1;
            // The SIGSYS reporter answers before it exits; an answer written in the meantime wins.
            if (mS->replyPage->seq.load(std::memory_order_acquire) == mS->seq && mS->replyPage->kind != kOk) {
                return failed(mS->replyPage->kind);
            }
            int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
            int code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
            if (!sig && code > 128 && code < 128 + 65) sig = code - 128; // bwrap passes a signal on as 128+n
            if (sig) return fail("crash", "", -sig);
            return fail("crash", "", code);
        }
        if (nowNs() - mStart > mPlan.deadlineMs * 1000000LL) {
            return fail("timeout", "");
        }
        return true;
    }

    bool guardsIntact() {
        for (uint32_t j = 0; j < mS->layout->nOutputs; ++j) {
            const Region& r = mS->layout->outputs[j];
            const uint8_t* base = mS->out.map + r.offset;
            for (uint64_t b = 0; b < r.data; ++b) {
                if (base[b] != poisonAt(b)) {
                    return outOfBounds(j, (long long)b - (long long)r.data);
                }
            }
            for (uint64_t b = r.data + r.bytes; b < r.size; ++b) {
                if (base[b] != poisonAt(b)) {
                    return outOfBounds(j, (long long)(b - r.data - r.bytes));
                }
            }
        }
        return true;
    }

    bool outOfBounds(uint32_t j, long long offset) {
        fail("out_of_bounds", std::string("the kernel wrote ") + (offset < 0 ? "before the start" : "past the end") +
                                  " of output " + std::to_string(j));
        mS->failure.tensor = (int)j;
        mS->failure.offset = offset;
        mS->failure.hasOffset = true;
        return false;
    }

    // One call on set `k`: load it, poison, call (timed by `ns`), check the guards, keep the outputs if `keep`.
    bool call(int k, const char* phase, bool keep, long long* ns = nullptr) {
        loadSet(k);
        poisonOutputs();
        ++mCalls;
        // With two hosts, the one called has been asleep while the other ran: a no-op wakes it first, outside
        // the timed region, so no sample holds a wake-up.
        if (mBaseLive && ns && !command(kOpNoop)) {
            return false;
        }
        if (!command(kOpCall, ns) || !guardsIntact()) {
            return false;
        }
        if (keep) {
            Checked c{k, phase, {}};
            for (uint32_t j = 0; j < mS->layout->nOutputs; ++j) {
                const Region& r = mS->layout->outputs[j];
                c.bytes.insert(c.bytes.end(), mS->out.map + r.offset + r.data, mS->out.map + r.offset + r.data + r.bytes);
            }
            mChecked.push_back(std::move(c));
        }
        return true;
    }

    bool noop() {
        long long ns = 0;
        if (!command(kOpNoop, &ns)) return false;
        mS->noops.push_back(ns);
        return true;
    }

    bool timing() {
        mStage = "timing";
        const auto& sets = mPlan.timingSets;
        for (int i = 0; i < 16; ++i) {
            if (!noop() || !onBaseline([&] { return noop(); })) return false;
        }
        for (int i = 0; i < mPlan.warmup; ++i) {
            const int k = sets[next() % sets.size()];
            if (!call(k, "warmup", false) || !onBaseline([&] { return call(k, "warmup", false); })) return false;
        }
        long long total = 0;
        int checked = 0;
        std::vector<long long>& raw = mKernel.raw;
        while ((int)raw.size() < mPlan.maxRepeats &&
               ((int)raw.size() < mPlan.minRepeats || total < (long long)(mPlan.minTimeMs * 1e6))) {
            if (next() % 8 == 0 && (!noop() || !onBaseline([&] { return noop(); }))) return false;
            const int k = sets[next() % sets.size()];
            const bool near = std::find(mPlan.nearSets.begin(), mPlan.nearSets.end(), k) != mPlan.nearSets.end();
            const bool keep = checked < mPlan.maxChecked && (near || next() % 8 == 0);
            // The two sides take turns on the same set, in an order drawn per round.
            const bool baseFirst = next() % 2 == 0;
            auto timeBaseline = [&] { return onBaseline([&] { return timedCall(k, false); }); };
            if (baseFirst && !timeBaseline()) return false;
            long long ns = 0;
            if (!call(k, "timed", keep, &ns)) return false;
            if (!baseFirst && !timeBaseline()) return false;
            checked += keep;
            raw.push_back(ns);
            total += ns;
            // Live samples for whoever watches (the workbench's timings pane): stdout is ours alone.
            printf("sample %lld\n", ns);
            if (nowNs() - mLastFlush > 20000000LL) {
                fflush(stdout);
                mLastFlush = nowNs();
            }
        }
        calibrate(mKernel);
        calibrate(mBase);
        if (mBaseLive) {
            stop(mBase);
        }
        mStage = "after timing";
        return call(sets[next() % sets.size()], "after", true);
    }

    bool timedCall(int k, bool keep) {
        long long ns = 0;
        if (!call(k, "timed", keep, &ns)) return false;
        mS->raw.push_back(ns);
        return true;
    }

    // `step` on the baseline's host, if it is still running. Its failure is its own: it is stopped and the
    // candidate's run goes on (true); only the candidate's failures end the run.
    template <typename F>
    bool onBaseline(F step) {
        if (!mBaseLive) {
            return true;
        }
        mS = &mBase;
        if (!step()) {
            mBaseLive = false;
            stop(mBase);
        }
        mS = &mKernel;
        return true;
    }

    // The handshake's own cost: the fastest no-op round trip. A kernel can only ever slow no-ops down
    // (it cannot tell them from calls in time to help itself otherwise), and the cap bounds what even
    // that could gain it.
    static void calibrate(Side& side) {
        side.overhead = side.noops.empty() ? 0 : std::min(*std::min_element(side.noops.begin(), side.noops.end()), 5000LL);
        for (long long ns : side.raw) side.samples.push_back(std::max(ns - side.overhead, 1LL));
    }

    void finish() {
        stop(mKernel);
        stop(mBase);
    }

    // Ends a side's host: QUIT if it is well, then SIGKILL to its process group.
    void stop(Side& side) {
        if (side.child > 0) {
            if (side.failure.kind.empty()) {
                side.layout->op = kOpQuit;
                side.layout->seq.store(++side.seq, std::memory_order_seq_cst);
                syscall(SYS_futex, (void*)&side.layout->seq, FUTEX_WAKE, 1, nullptr, nullptr, 0);
                for (int i = 0; i < 200 && waitpid(side.child, nullptr, WNOHANG) == 0; ++i) usleep(1000);
            }
            kill(-side.child, SIGKILL);
            kill(side.child, SIGKILL);
            waitpid(side.child, nullptr, 0);
            side.child = -1;
        }
    }

    std::string mDir;
    Plan mPlan;
    unsigned long long mRng;
    long long mStart = 0, mLastFlush = 0;
    unsigned char mCommand[sizeof(Command)] = {};  // the channel's layout (a Command): the same for both sides
    uint64_t mInSize = 0, mOutSize = 0;
    Side mKernel, mBase;
    Side* mS = &mKernel;  // the side commands go to
    bool mBaseline = false, mBaseLive = false;
    int mPin = -1;  // whether the judge and the hosts get cores of their own: -1 until the first spawn
    cpu_set_t mMine, mTheirs;
    std::vector<std::vector<uint8_t>> mSets;
    std::vector<uint8_t> mPoison;
    std::string mStage = "start-up";
    std::vector<Checked> mChecked;
    int mCalls = 0;
};

} // namespace

int main(int argc, char** argv) {
    if (argc < 4 || strcmp(argv[2], "--") != 0) {
        fprintf(stderr, "usage: judge DIR -- KERNEL-ARGV... [--baseline BASELINE-ARGV...]\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    // Not dumpable: a kernel running as our user (a phone, --no-sandbox) cannot read our memory through /proc.
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    const std::string dir = argv[1];
    Plan plan;
    std::string error;
    if (!readPlan(dir + "/plan.txt", plan, error)) {
        fprintf(stderr, "judge: %s\n", error.c_str());
        return 2;
    }
    // KERNEL-ARGV [--baseline BASELINE-ARGV]: the second host's command line follows its own marker.
    char** baseline = nullptr;
    for (int i = 3; i < argc; ++i) {
        if (strcmp(argv[i], "--baseline") == 0) {
            argv[i] = nullptr;
            baseline = i + 1 < argc ? argv + i + 1 : nullptr;
            break;
        }
    }
    Judge judge(dir, plan);
    judge.run(argv + 3, baseline);
    judge.writeResult();
    return 0;
}
