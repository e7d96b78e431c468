// The channel between the trusted judge (toolchain/judge/judge.cpp) and the kernel host (main.cpp,
// linked with the candidate): four memory files the judge creates and hands over as fds 3..6.
//
//   fd 3  command   one page, judge writes, the host maps it read-only (sealed: no writable mapping
//                   can ever be made of it again, so the candidate cannot forge a command)
//   fd 4  reply     one page, the host writes; the judge treats every field as untrusted
//   fd 5  inputs    every op input, each in its own region; sealed like the command page, so the host
//                   maps it read-only and a write to an input faults
//   fd 6  outputs   every op output, each in its own region; read and checked by the judge after a call
//
// The host maps all four inside one reserved window at `Command::window`, each region between
// PROT_NONE pages, and then installs a seccomp filter (seal.cpp) that forbids changing any mapping in
// that window. Nothing the candidate writes to a file is ever read by anyone.
#ifndef MKB_CHANNEL_HPP
#define MKB_CHANNEL_HPP

#include <stdint.h>

#include <atomic>

namespace mkb {

constexpr uint32_t kChannelMagic   = 0x4d4b424a; // "MKBJ"
constexpr uint32_t kChannelVersion = 2;
constexpr int kMaxTensors          = 16;
constexpr int kFdCommand = 3, kFdReply = 4, kFdInputs = 5, kFdOutputs = 6;
constexpr uint64_t kPage = 4096;
// Bytes of poison before each tensor's data (a write before the start is caught); after the data only
// the 0..63 bytes up to the next page remain, so a write past the end faults at once or hits poison.
constexpr uint64_t kLeadZone = 64;

// Where one tensor lives: `offset` of its region in its memory file, `size` of the region (whole pages),
// `data` the offset of its first byte inside the region, `bytes` its length. Window address of the region:
// Command::window + `windowOffset`.
struct Region {
    uint64_t offset, size, data, bytes, windowOffset;
};

enum Op : uint32_t { kOpNone = 0, kOpStart = 1, kOpCall = 2, kOpNoop = 3, kOpQuit = 4 };

struct Command {
    uint32_t magic, version;
    std::atomic<uint32_t> seq; // bumped by the judge for every command (a futex word)
    uint32_t op;
    uint64_t window, windowSize;
    uint64_t commandWindowOffset, replyWindowOffset;
    uint32_t nInputs, nOutputs;
    Region inputs[kMaxTensors], outputs[kMaxTensors];
    // 1 when the judge alternates two hosts on the same cores: after a call the host sleeps at once instead of
    // spinning, so the idle host never competes with the one being timed.
    uint32_t sleepSoon;
};

// What the host reports. `kind` names a failure of the candidate (or of its set-up); anything it
// claims is only ever the candidate's own loss.
enum ReplyKind : int32_t {
    kOk = 0,
    kBadSetup = 1,        // the host could not map the channel or read run.json (our side)
    kNoCreator = 2,       // no creator registered for the op type
    kDuplicateCreator = 3,
    kCreateFailed = 4,    // onCreate returned null
    kResizeFailed = 5,    // `code` = the ErrorCode
    kExecuteFailed = 6,   // `code` = the ErrorCode
    kException = 7,       // a C++ exception escaped the kernel; `message` names it
    kDenied = 8,          // the sandbox denied a system call; `code` = its number
    kFault = 9,           // SIGSEGV/SIGBUS; `code` = the signal, `fault` = where in the window
    kNotExercised = 10,   // the MNN tree's session cannot judge a kernel of the op (never makes one, or answers otherwise than ONNX)
};

// Where a fault landed: `tensor` (-1: outside every region), `input` (1) or output (0), `offset` from the
// first byte of the tensor's data, `write` (1, -1 when the machine does not say).
struct Fault {
    int32_t tensor, input, write;
    int64_t offset;
};

struct Reply {
    std::atomic<uint32_t> seq;      // set to the command's seq when it is done (the judge spins on it)
    std::atomic<uint32_t> sleeping; // the host is (about to be) in a futex wait on Command::seq
    int32_t kind;
    int32_t code;
    Fault fault;
    char message[512];
};

static_assert(sizeof(Command) <= kPage, "the command must fit one page");
static_assert(sizeof(Reply) <= kPage, "the reply must fit one page");

inline uint64_t roundUp(uint64_t v, uint64_t to) {
    return (v + to - 1) / to * to;
}

// The region for a tensor of `bytes`: a lead zone, the data 64-byte aligned, ending within 63 bytes of
// the region's end (which is followed by a PROT_NONE page in the host's window).
inline Region regionFor(uint64_t bytes, uint64_t offset, uint64_t windowOffset) {
    const uint64_t body = roundUp(bytes == 0 ? 1 : bytes, 64);
    Region r;
    r.offset       = offset;
    r.size         = roundUp(kLeadZone + body, kPage);
    r.data         = r.size - body;
    r.bytes        = bytes;
    r.windowOffset = windowOffset;
    return r;
}

// The poison byte at offset `i` of a region: A5 A5 A5 7F per 4-byte word (a float NaN, 0x7FA5A5A5 as int32).
inline uint8_t poisonAt(uint64_t i) {
    return (i & 3) == 3 ? 0x7F : 0xA5;
}

} // namespace mkb

#endif // MKB_CHANNEL_HPP
