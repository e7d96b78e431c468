// The kernel host's generic half, shared by both kernel hosts: this driver's (main.cpp, over the
// workbench's API headers) and the MNN tree's (toolchain/mnn/kernel_host.cpp, over MNN's real headers).
// It maps the judge's channel and seals the process before any constructor runs, parses run.json, and
// answers the judge's commands; a host supplies only `Host` (tensors, onCreate/onResize/onExecute).
// Included by exactly one translation unit per executable: it defines the .preinit_array entry.
#ifndef MKB_DRIVER_HOST_HPP
#define MKB_DRIVER_HOST_HPP

#include <cxxabi.h>
#include <errno.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <memory>
#include <new>
#include <string>
#include <typeinfo>
#include <vector>

#include "channel.hpp"
#include "MNN_generated.h"
#include "json.hpp"
#include <MNN/ErrorCode.hpp>
#include <MNN/HalideRuntime.h>
#include <MNN/Tensor.hpp>
#include "seal.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define MKB_RELAX() _mm_pause()
#elif defined(__aarch64__)
#define MKB_RELAX() asm volatile("yield")
#else
#define MKB_RELAX() ((void)0)
#endif

namespace mkb {
namespace {

struct Error {
    ReplyKind kind = kOk;
    int code       = 0;
    std::string message;
};

struct TensorSpec {
    std::string name;
    std::vector<int> shape;
    halide_type_t type;
    MNN::Tensor::DimensionType dimType;
};

struct RunFile {
    JsonValue root;
    const JsonValue* op = nullptr;
    int threads         = 1;
    std::vector<TensorSpec> inputs, outputs;
    std::string path;   // of run.json itself
    std::string model;  // the MNN model holding the op (the MNN tree's host), relative to run.json
    bool session = false;  // "mode": "session": run the whole model as an MNN session (the MNN tree's host)
};

bool readFile(const std::string& path, std::string& out) {
    FILE* f = fopen(path.c_str(), "rb");
    if (!f) {
        return false;
    }
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        out.append(buf, n);
    }
    bool ok = !ferror(f);
    fclose(f);
    return ok;
}

bool getInt(const JsonValue* v, long long lo, long long hi, long long& out) {
    if (!v || v->kind != JsonValue::Number || !v->isInteger || v->integer < lo || v->integer > hi) {
        return false;
    }
    out = v->integer;
    return true;
}

bool parseTensorSpecs(const JsonValue* list, const char* what, std::vector<TensorSpec>& out, std::string& error) {
    if (!list || list->kind != JsonValue::Array) {
        error = std::string("'") + what + "' must be a list";
        return false;
    }
    for (size_t i = 0; i < list->items.size(); ++i) {
        const JsonValue& t = list->items[i];
        const std::string where = std::string(what) + "[" + std::to_string(i) + "]";
        TensorSpec spec;
        const JsonValue* name  = t.find("name");
        spec.name              = (name && name->kind == JsonValue::String) ? name->text : "";
        const JsonValue* shape = t.find("shape");
        if (!shape || shape->kind != JsonValue::Array || shape->items.size() > MNN_MAX_TENSOR_DIM) {
            error = where + ".shape must be a list of at most " + std::to_string(MNN_MAX_TENSOR_DIM) + " integers";
            return false;
        }
        for (auto& d : shape->items) {
            long long e;
            if (!getInt(&d, 0, 1 << 30, e)) {
                error = where + ".shape has an invalid extent";
                return false;
            }
            spec.shape.push_back((int)e);
        }
        const JsonValue* dtype = t.find("dtype");
        const std::string dt   = (dtype && dtype->kind == JsonValue::String) ? dtype->text : "";
        if (dt == "float32") spec.type = halide_type_of<float>();
        else if (dt == "int32") spec.type = halide_type_of<int32_t>();
        else if (dt == "uint8") spec.type = halide_type_of<uint8_t>();
        else if (dt == "int8") spec.type = halide_type_of<int8_t>();
        else if (dt == "float16") spec.type = halide_type_t(halide_type_float, 16);
        else {
            error = where + ".dtype '" + dt + "' is not float32, int32, uint8, int8 or float16";
            return false;
        }
        const JsonValue* format = t.find("format");
        const std::string fm    = (format && format->kind == JsonValue::String) ? format->text : "";
        if (fm == "NCHW") spec.dimType = MNN::Tensor::CAFFE;
        else if (fm == "NHWC") spec.dimType = MNN::Tensor::TENSORFLOW;
        else if (fm == "NC4HW4" && spec.shape.size() >= 2) spec.dimType = MNN::Tensor::CAFFE_C4;
        else {
            error = where + ".format '" + fm + "' is not NCHW, NHWC or NC4HW4 (at least 2-D)";
            return false;
        }
        out.push_back(std::move(spec));
    }
    return true;
}

bool parseRunFile(const std::string& path, RunFile& run, std::string& error) {
    std::string text;
    if (!readFile(path, text)) {
        error = "cannot read " + path;
        return false;
    }
    if (!flatbuffers::detail::parseJson(text, run.root, error)) {
        error = path + ": " + error;
        return false;
    }
    run.path = path;
    if (const JsonValue* model = run.root.find("model")) {
        if (model->kind != JsonValue::String) {
            error = "'model' must be a file name";
            return false;
        }
        run.model = model->text;
    }
    if (const JsonValue* mode = run.root.find("mode")) {
        if (mode->kind != JsonValue::String || (mode->text != "op" && mode->text != "session")) {
            error = "'mode' must be \"op\" or \"session\"";
            return false;
        }
        run.session = mode->text == "session";
    }
    run.op = run.root.find("op");
    if (!run.op || run.op->kind != JsonValue::Object) {
        error = "'op' must be an object";
        return false;
    }
    const JsonValue* type = run.op->find("type");
    if (!type || (type->kind != JsonValue::String && type->kind != JsonValue::Number)) {
        error = "'op.type' must be an OpType name";
        return false;
    }
    long long v;
    if (!getInt(run.root.find("threads"), 1, 1024, v)) {
        error = "'threads' must be an integer in 1..1024";
        return false;
    }
    run.threads = (int)v;
    return parseTensorSpecs(run.root.find("inputs"), "inputs", run.inputs, error) &&
           parseTensorSpecs(run.root.find("outputs"), "outputs", run.outputs, error);
}

std::string opTypeName(int type) {
    const char* name = MNN::EnumNameOpType((MNN::OpType)type);
    return *name ? name : ("OpType " + std::to_string(type));
}

const char* errorCodeName(MNN::ErrorCode code) {
    switch (code) {
        case MNN::NO_ERROR: return "NO_ERROR";
        case MNN::OUT_OF_MEMORY: return "OUT_OF_MEMORY";
        case MNN::NOT_SUPPORT: return "NOT_SUPPORT";
        case MNN::COMPUTE_SIZE_ERROR: return "COMPUTE_SIZE_ERROR";
        case MNN::NO_EXECUTION: return "NO_EXECUTION";
        case MNN::INVALID_VALUE: return "INVALID_VALUE";
        case MNN::INPUT_DATA_ERROR: return "INPUT_DATA_ERROR";
        case MNN::CALL_BACK_STOP: return "CALL_BACK_STOP";
        case MNN::TENSOR_NOT_SUPPORT: return "TENSOR_NOT_SUPPORT";
        case MNN::TENSOR_NEED_DIVIDE: return "TENSOR_NEED_DIVIDE";
        default: return "an unknown ErrorCode";
    }
}

// What a kernel entry point (`what`: onResize, onExecute, ...) returned, as the answer `kind` when it is
// not NO_ERROR; true when it is.
bool succeeded(MNN::ErrorCode code, ReplyKind kind, const char* what, Error& error) {
    if (code == MNN::NO_ERROR) {
        return true;
    }
    error.kind    = kind;
    error.code    = (int)code;
    error.message = std::string(what) + " returned " + errorCodeName(code);
    return false;
}

// Runs `call` (a kernel entry point), turning an escaping C++ exception into an `exception` error.
template <typename F>
bool callKernel(const char* what, Error& error, F call) {
    try {
        call();
        return true;
    } catch (const std::bad_alloc& e) {
        error.kind    = kException;
        error.message = std::string(what) + " threw std::bad_alloc (out of memory)";
    } catch (const std::exception& e) {
        int status      = 0;
        char* demangled = abi::__cxa_demangle(typeid(e).name(), nullptr, nullptr, &status);
        error.kind      = kException;
        error.message   = std::string(what) + " threw " + (status == 0 && demangled ? demangled : typeid(e).name()) +
                        ": " + e.what();
        free(demangled);
    } catch (...) {
        error.kind    = kException;
        error.message = std::string(what) + " threw an exception that is not a std::exception";
    }
    return false;
}


// The channel, mapped into the window.
struct Channel {
    const Command* cmd = nullptr;
    Reply* reply       = nullptr;
    uint8_t* window    = nullptr;
    uint64_t windowSize = 0;

    bool map(Error& error) {
        void* first = mmap(nullptr, kPage, PROT_READ, MAP_SHARED, kFdCommand, 0);
        if (first == MAP_FAILED) {
            return fail(error, "cannot map the command page");
        }
        const Command* c = (const Command*)first;
        if (c->magic != kChannelMagic || c->version != kChannelVersion || c->nInputs > kMaxTensors ||
            c->nOutputs > kMaxTensors) {
            return fail(error, "the command page is not this driver's version");
        }
        windowSize = c->windowSize;
        // The whole window is reserved PROT_NONE first: the gaps between regions are its guard pages,
        // and MAP_FIXED_NOREPLACE by anyone else can never land in it.
        void* w = mmap((void*)c->window, windowSize, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        if (w != (void*)c->window) {
            return fail(error, "the judge's window is already taken in this process");
        }
        window = (uint8_t*)w;
        bool ok = place(kFdCommand, 0, kPage, c->commandWindowOffset, PROT_READ) &&
                  place(kFdReply, 0, kPage, c->replyWindowOffset, PROT_READ | PROT_WRITE);
        for (uint32_t i = 0; ok && i < c->nInputs; ++i) {
            ok = place(kFdInputs, c->inputs[i].offset, c->inputs[i].size, c->inputs[i].windowOffset, PROT_READ);
        }
        for (uint32_t i = 0; ok && i < c->nOutputs; ++i) {
            ok = place(kFdOutputs, c->outputs[i].offset, c->outputs[i].size, c->outputs[i].windowOffset,
                       PROT_READ | PROT_WRITE);
        }
        if (ok) {
            cmd   = (const Command*)(window + c->commandWindowOffset);
            reply = (Reply*)(window + c->replyWindowOffset);
        }
        munmap(first, kPage);
        if (!ok) {
            return fail(error, std::string("cannot map the channel into the window: ") + strerror(errno));
        }
        return true;
    }

    bool place(int fd, uint64_t offset, uint64_t size, uint64_t at, int prot) {
        if (at + size > windowSize) {
            errno = EINVAL;
            return false;
        }
        void* p = mmap(window + at, size, prot, MAP_SHARED | MAP_FIXED, fd, (off_t)offset);
        return p == (void*)(window + at);
    }

    uint8_t* input(int i) const { return window + cmd->inputs[i].windowOffset + cmd->inputs[i].data; }
    uint8_t* output(int i) const { return window + cmd->outputs[i].windowOffset + cmd->outputs[i].data; }

    static bool fail(Error& error, const std::string& why) {
        error.kind    = kBadSetup;
        error.message = why;
        return false;
    }

    // The next command after `last`: spin a while (a call follows the last one within microseconds while
    // the judge is timing), then sleep on the futex. With two hosts (`sleepSoon`) the other one may be timed
    // next and must have the core to itself: this one spins only briefly (a call follows a waking no-op at
    // once), and after a call (`rest`) not at all.
    uint32_t wait(uint32_t last, bool rest = false) {
        const int spins = rest ? 0 : cmd->sleepSoon ? 2048 : 1 << 16;
        for (int spin = 0; spin < spins; ++spin) {
            uint32_t s = cmd->seq.load(std::memory_order_acquire);
            if (s != last) {
                return s;
            }
            if (spin < 2048) {
                MKB_RELAX();
            } else {
                sched_yield(); // a while longer, but leave the core to the judge if the machine is busy
            }
        }
        for (;;) {
            reply->sleeping.store(1, std::memory_order_seq_cst);
            uint32_t s = cmd->seq.load(std::memory_order_seq_cst);
            if (s != last) {
                reply->sleeping.store(0, std::memory_order_relaxed);
                return s;
            }
            syscall(SYS_futex, (void*)&cmd->seq, FUTEX_WAIT, last, nullptr, nullptr, 0);
        }
    }

    void answer(uint32_t seq, const Error& error) {
        reply->kind = error.kind;
        reply->code = error.code;
        size_t n = error.message.size() < sizeof(reply->message) - 1 ? error.message.size() : sizeof(reply->message) - 1;
        memcpy(reply->message, error.message.data(), n);
        reply->message[n] = 0;
        reply->seq.store(seq, std::memory_order_release);
    }
};

// One side's tensors (inputs or outputs) over the judge's regions: `make(spec)` builds an unbound tensor the
// host's way (nullptr, with `why` set, when it cannot); each must need exactly its region's bytes.
template <class Make>
bool bindTensors(Channel& channel, const std::vector<TensorSpec>& specs, bool inputs,
                 std::vector<std::unique_ptr<MNN::Tensor>>& out, std::vector<MNN::Tensor*>& ptrs, Error& error,
                 Make make) {
    const uint32_t n = inputs ? channel.cmd->nInputs : channel.cmd->nOutputs;
    if (specs.size() != n) {
        return Channel::fail(error, "run.json and the judge disagree on the number of tensors");
    }
    for (size_t i = 0; i < specs.size(); ++i) {
        auto& spec = specs[i];
        std::string why;
        std::unique_ptr<MNN::Tensor> t = make(spec, why);
        if (!t) {
            return Channel::fail(error, why);
        }
        const Region& r = inputs ? channel.cmd->inputs[i] : channel.cmd->outputs[i];
        if ((uint64_t)t->usize() != r.bytes) {
            return Channel::fail(error, "tensor '" + spec.name + "' has " + std::to_string(t->usize()) +
                                            " bytes here but " + std::to_string(r.bytes) + " for the judge");
        }
        t->buffer().host = inputs ? channel.input((int)i) : channel.output((int)i);
        ptrs.push_back(t.get());
        out.push_back(std::move(t));
    }
    return true;
}

// Answers commands until QUIT (or a failure, which is the last answer).
template <class Host>
int serve(Channel& channel, RunFile& run) {
    Error error;
    Host host(run, channel);
    if (!host.makeTensors(error)) {
        channel.answer(channel.wait(0), error);
        return 0;
    }
    uint32_t seq = 0, op = kOpNone;
    for (;;) {
        seq = channel.wait(seq, op == kOpCall && channel.cmd->sleepSoon);
        op = channel.cmd->op;
        if (op == kOpQuit) {
            return 0;
        }
        bool ok = true;
        if (op == kOpStart) {
            ok = host.start(error);
        } else if (op == kOpCall) {
            ok = host.execute(error);
        }
        channel.answer(seq, error);
        if (!ok) {
            return 0;
        }
    }
}

// Sealing happens before any constructor runs: from .preinit_array, which a (static or dynamic)
// executable runs first, before its own and its libraries' constructors — so the candidate's static
// initialisers already run under the filter. The driver's objects are linked first, so this entry is the
// first one; the builder refuses candidates with preinit entries or IFUNC resolvers of their own.
// Constant-initialised globals only: a constructor would run after this and undo it.
Channel gChannel;
char gSetupError[256];

void preinit(int, char**, char**) {
    Error error;
    std::string why;
    if (!gChannel.map(error)) {
        why = error.message;
    } else if (!seal(gChannel.cmd, gChannel.reply, (uint64_t)gChannel.window,
                     (uint64_t)gChannel.window + gChannel.windowSize, why)) {
        // why says it
    }
    snprintf(gSetupError, sizeof gSetupError, "%s", why.c_str());
}

__attribute__((section(".preinit_array"), used)) void (*const kPreinit)(int, char**, char**) = preinit;

} // namespace

template <class Host>
int hostMain(int argc, char** argv) {
    Error error;
    Channel& channel = gChannel;
    if (gSetupError[0]) {
        if (!channel.cmd) {
            fprintf(stderr, "kernel host: %s\n", gSetupError);
            return 2;
        }
        Channel::fail(error, gSetupError);
        channel.answer(channel.wait(0), error);
        return 0;
    }
    RunFile run;
    std::string why;
    if (argc != 2 || !parseRunFile(argv[1], run, why)) {
        Channel::fail(error, argc != 2 ? "usage: kernel run.json" : why);
        channel.answer(channel.wait(0), error);
        return 0;
    }
    try {
        return serve<Host>(channel, run);
    } catch (const std::bad_alloc&) {
        Channel::fail(error, "std::bad_alloc (out of memory) outside the kernel's entry points");
        channel.answer(channel.cmd->seq.load(), error);
        return 0;
    }
}

} // namespace mkb

#endif // MKB_DRIVER_HOST_HPP
