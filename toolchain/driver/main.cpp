// The workbench driver: runs one MNN CPU op from run.json as PROTOCOL.md describes and writes
// out_*.bin, post_*.bin and result.json. The kernel may crash the process; the driver itself
// reports every failure it can see in result.json and exits 0.
#include <cxxabi.h>
#include <stdio.h>
#include <string.h>

#include <chrono>
#include <memory>
#include <new>
#include <string>
#include <typeinfo>
#include <vector>

#include "core/TensorUtils.hpp"
#include "guarded.hpp"
#include "json.hpp"
#include "runtime.hpp"

namespace mkb {
namespace {

void stage(const std::string& name) {
    fprintf(stderr, "stage: %s\n", name.c_str());
    fflush(stderr);
}

struct Error {
    std::string kind; // empty: no error
    std::string message;
    int tensor       = -1;
    long long offset = 0;
    bool hasOffset   = false;
    const char* io   = nullptr; // "input" / "output" when `tensor` is set
};

struct TensorSpec {
    std::string name;
    std::vector<int> shape;
    halide_type_t type;
    MNN::Tensor::DimensionType dimType;
};

struct Timing {
    int warmup = 0, minRepeats = 0, maxRepeats = 0;
    double minTimeMs = 0;
};

struct RunFile {
    JsonValue root;
    const JsonValue* op = nullptr;
    int threads         = 1;
    int trials          = 1;
    bool timed          = false;
    Timing timing;
    std::vector<TensorSpec> inputs, outputs;
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

bool writeFile(const std::string& path, const void* data, size_t size) {
    FILE* f = fopen(path.c_str(), "wb");
    if (!f) {
        return false;
    }
    bool ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok;
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
    if (!getInt(run.root.find("trials"), 0, 1 << 20, v)) {
        error = "'trials' must be a non-negative integer";
        return false;
    }
    run.trials = (int)v;
    const JsonValue* timing = run.root.find("timing");
    if (timing && timing->kind == JsonValue::Object) {
        long long warmup, minRepeats, maxRepeats;
        const JsonValue* minTime = timing->find("min_time_ms");
        if (!getInt(timing->find("warmup"), 0, 1LL << 31, warmup) ||
            !getInt(timing->find("min_repeats"), 1, 1LL << 31, minRepeats) ||
            !getInt(timing->find("max_repeats"), 1, 1LL << 31, maxRepeats) || !minTime ||
            minTime->kind != JsonValue::Number) {
            error = "'timing' needs integers warmup, min_repeats, max_repeats (>= 1) and a number min_time_ms";
            return false;
        }
        run.timed  = true;
        run.timing = {(int)warmup, (int)minRepeats, (int)maxRepeats,
                      minTime->isInteger ? (double)minTime->integer : minTime->number};
    } else if (timing && timing->kind != JsonValue::Null) {
        error = "'timing' must be an object or null";
        return false;
    }
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

// Runs `call` (a kernel entry point), turning an escaping C++ exception into an `exception` error.
template <typename F>
bool callKernel(const char* what, Error& error, F call) {
    try {
        call();
        return true;
    } catch (const std::bad_alloc& e) {
        error.kind    = "exception";
        error.message = std::string(what) + " threw std::bad_alloc (out of memory)";
    } catch (const std::exception& e) {
        int status      = 0;
        char* demangled = abi::__cxa_demangle(typeid(e).name(), nullptr, nullptr, &status);
        error.kind      = "exception";
        error.message   = std::string(what) + " threw " + (status == 0 && demangled ? demangled : typeid(e).name()) +
                        ": " + e.what();
        free(demangled);
    } catch (...) {
        error.kind    = "exception";
        error.message = std::string(what) + " threw an exception that is not a std::exception";
    }
    return false;
}

struct IoTensor {
    std::unique_ptr<MNN::Tensor> tensor;
    GuardedBuffer buffer;
    std::string snapshot; // inputs: the bytes loaded, to detect writes
};

class Runner {
public:
    explicit Runner(RunFile& run) : mRun(run), mBackend(run.threads), mOp(run.op) {}

    void run(Error& error) {
        if (!makeTensors(mRun.inputs, mInputs, mInputPtrs, error) ||
            !makeTensors(mRun.outputs, mOutputs, mOutputPtrs, error)) {
            return;
        }
        // MNN resizes with the inputs' contents known (axes, shapes, ... arrive as small inputs and
        // kernels read them in onCreate / onResize), so trial 0's inputs are loaded first.
        if (mRun.trials > 0 && !loadInputs(0, error)) {
            return;
        }
        if (!create(error)) {
            return;
        }
        stage("resize");
        MNN::ErrorCode code = MNN::NO_ERROR;
        if (!callKernel("onResize", error, [&] { code = mExecution->onResize(mInputPtrs, mOutputPtrs); })) {
            return;
        }
        if (code != MNN::NO_ERROR) {
            error.kind    = "resize_failed";
            error.message = std::string("onResize returned ") + errorCodeName(code);
            return;
        }
        for (int t = 0; t < mRun.trials; ++t) {
            stage("execute trial " + std::to_string(t));
            if (!trial(t, error)) {
                return;
            }
            ++mTrialsDone;
        }
        if (mRun.timed && mRun.trials > 0) {
            stage("timing");
            if (!time(error)) {
                return;
            }
            stage("write");
            writeOutputs("post_", error);
        }
    }

    int trialsDone() const { return mTrialsDone; }
    const std::vector<long long>& samples() const { return mSamples; }
    bool timed() const { return mRun.timed && mRun.trials > 0 && !mSamples.empty(); }

private:
    bool makeTensors(const std::vector<TensorSpec>& specs, std::vector<std::unique_ptr<IoTensor>>& out,
                     std::vector<MNN::Tensor*>& ptrs, Error& error) {
        for (auto& spec : specs) {
            auto io    = std::make_unique<IoTensor>();
            io->tensor = std::make_unique<MNN::Tensor>((int)spec.shape.size(), spec.dimType);
            auto* t    = io->tensor.get();
            t->buffer().type = spec.type;
            MNN::TensorUtils::setShape(t, spec.shape);
            for (int i = (int)spec.shape.size(); i < 4; ++i) {
                t->setLength(i, 1); // so batch()/channel()/... of low-rank tensors read 1
            }
            std::string why;
            if (!io->buffer.allocate(t->usize(), why)) {
                error.kind    = "bad_run_file";
                error.message = "cannot allocate tensor '" + spec.name + "': " + why;
                return false;
            }
            t->buffer().host = io->buffer.data();
            ptrs.push_back(t);
            out.push_back(std::move(io));
        }
        return true;
    }

    bool create(Error& error) {
        stage("create");
        const int type = mOp.type();
        for (int refused : refusedCreators()) {
            if (refused == type) {
                error.kind    = "duplicate_creator";
                error.message = "more than one creator was registered for " + opTypeName(type) +
                                "; CPUBackend::addCreator refused all but the first";
                return false;
            }
        }
        if (!registeredCreators().count(type)) {
            std::string names;
            for (auto& c : registeredCreators()) {
                names += (names.empty() ? "" : ", ") + opTypeName(c.first);
            }
            error.kind    = "no_creator";
            error.message = "no creator is registered for " + opTypeName(type) + " (registered: " +
                            (names.empty() ? "none" : names) + ")";
            return false;
        }
        MNN::Execution* execution = nullptr;
        if (!callKernel("onCreate", error, [&] { execution = mBackend.onCreate(mInputPtrs, mOutputPtrs, &mOp); })) {
            return false;
        }
        if (!execution) {
            error.kind    = "create_failed";
            error.message = "the creator for " + opTypeName(type) + " returned null";
            return false;
        }
        mExecution.reset(execution);
        return true;
    }

    bool loadInputs(int t, Error& error) {
        for (size_t i = 0; i < mInputs.size(); ++i) {
            auto& io               = *mInputs[i];
            const std::string path = "in_" + std::to_string(t) + "_" + std::to_string(i) + ".bin";
            io.snapshot.clear();
            if (!readFile(path, io.snapshot) || io.snapshot.size() != io.buffer.size()) {
                error.kind    = "bad_run_file";
                error.message = "cannot read " + path + " as exactly " + std::to_string(io.buffer.size()) + " bytes";
                return false;
            }
            memcpy(io.buffer.data(), io.snapshot.data(), io.snapshot.size());
            io.buffer.poisonGuards();
        }
        return true;
    }

    // Guards of every buffer, then the inputs' contents.
    bool checkMemory(Error& error) {
        const std::vector<std::unique_ptr<IoTensor>>* groups[] = {&mOutputs, &mInputs};
        for (auto* group : groups) {
            const bool isOutput = group == &mOutputs;
            for (size_t j = 0; j < group->size(); ++j) {
                long long offset;
                if (!(*group)[j]->buffer.guardsIntact(offset)) {
                    error.kind      = "out_of_bounds";
                    error.message   = std::string("the kernel wrote ") + (offset < 0 ? "before the start" : "past the end") +
                                    " of " + (isOutput ? "output " : "input ") + std::to_string(j);
                    error.tensor    = (int)j;
                    error.offset    = offset;
                    error.hasOffset = true;
                    error.io        = isOutput ? "output" : "input";
                    return false;
                }
            }
        }
        for (size_t i = 0; i < mInputs.size(); ++i) {
            auto& io = *mInputs[i];
            if (memcmp(io.buffer.data(), io.snapshot.data(), io.snapshot.size()) != 0) {
                size_t b = 0;
                while (io.buffer.data()[b] == (uint8_t)io.snapshot[b]) ++b;
                error.kind      = "input_mutated";
                error.message   = "the kernel changed input " + std::to_string(i);
                error.tensor    = (int)i;
                error.offset    = (long long)b;
                error.hasOffset = true;
                error.io        = "input";
                return false;
            }
        }
        return true;
    }

    bool execute(Error& error) {
        MNN::ErrorCode code = MNN::NO_ERROR;
        if (!callKernel("onExecute", error, [&] { code = mExecution->onExecute(mInputPtrs, mOutputPtrs); })) {
            return false;
        }
        if (code != MNN::NO_ERROR) {
            error.kind    = "execute_failed";
            error.message = std::string("onExecute returned ") + errorCodeName(code);
            return false;
        }
        return true;
    }

    bool writeOutputs(const std::string& prefix, Error& error) {
        for (size_t j = 0; j < mOutputs.size(); ++j) {
            const std::string path = prefix + std::to_string(j) + ".bin";
            if (!writeFile(path, mOutputs[j]->buffer.data(), mOutputs[j]->buffer.size())) {
                error.kind    = "bad_run_file";
                error.message = "cannot write " + path;
                return false;
            }
        }
        return true;
    }

    bool trial(int t, Error& error) {
        if (!loadInputs(t, error)) {
            return false;
        }
        for (auto& io : mOutputs) {
            io->buffer.poisonAll();
        }
        return execute(error) && checkMemory(error) && writeOutputs("out_" + std::to_string(t) + "_", error);
    }

    bool time(Error& error) {
        using Clock = std::chrono::steady_clock;
        for (int i = 0; i < mRun.timing.warmup; ++i) {
            if (!execute(error)) {
                return false;
            }
        }
        const long long minTotal = (long long)(mRun.timing.minTimeMs * 1e6);
        long long total          = 0;
        mSamples.reserve(mRun.timing.minRepeats);
        while ((int)mSamples.size() < mRun.timing.maxRepeats &&
               ((int)mSamples.size() < mRun.timing.minRepeats || total < minTotal)) {
            MNN::ErrorCode code = MNN::NO_ERROR;
            auto start          = Clock::now();
            bool ok = callKernel("onExecute", error, [&] { code = mExecution->onExecute(mInputPtrs, mOutputPtrs); });
            auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
            if (!ok) {
                return false;
            }
            if (code != MNN::NO_ERROR) {
                error.kind    = "execute_failed";
                error.message = std::string("onExecute returned ") + errorCodeName(code) + " while timing";
                return false;
            }
            mSamples.push_back(ns);
            total += ns;
        }
        return checkMemory(error);
    }

    RunFile& mRun;
    MNN::CPUBackend mBackend;
    MNN::Op mOp;
    std::vector<std::unique_ptr<IoTensor>> mInputs, mOutputs;
    std::vector<MNN::Tensor*> mInputPtrs, mOutputPtrs;
    // Destroyed before the tensors and the backend it may point at.
    std::unique_ptr<MNN::Execution> mExecution;
    int mTrialsDone = 0;
    std::vector<long long> mSamples;
};

void writeResult(const Error& error, int trialsDone, const std::vector<long long>* samples, int threads) {
    std::string out = "{\n  \"error\": ";
    if (error.kind.empty()) {
        out += "null";
    } else {
        out += "{\"kind\": ";
        appendJsonString(out, error.kind);
        out += ", \"message\": ";
        appendJsonString(out, error.message);
        if (error.tensor >= 0) {
            out += ", \"tensor\": " + std::to_string(error.tensor) + ", \"io\": \"" + error.io + "\"";
        }
        if (error.hasOffset) {
            out += ", \"offset\": " + std::to_string(error.offset);
        }
        out += "}";
    }
    auto nameList = [](auto begin, auto end) {
        std::string s = "[";
        for (auto it = begin; it != end; ++it) {
            if (s.size() > 1) s += ", ";
            appendJsonString(s, opTypeName(*it));
        }
        return s + "]";
    };
    std::vector<int> registered;
    for (auto& c : registeredCreators()) registered.push_back(c.first);
    out += ",\n  \"registered\": " + nameList(registered.begin(), registered.end());
    out += ",\n  \"refused\": " + nameList(refusedCreators().begin(), refusedCreators().end());
    out += ",\n  \"trials_done\": " + std::to_string(trialsDone);
    out += ",\n  \"timing\": ";
    if (samples) {
        out += "{\"samples_ns\": [";
        for (size_t i = 0; i < samples->size(); ++i) {
            out += (i ? ", " : "") + std::to_string((*samples)[i]);
        }
        out += "]}";
    } else {
        out += "null";
    }
    out += ",\n  \"threads\": " + std::to_string(threads) + "\n}\n";
    if (!writeFile("result.json", out.data(), out.size())) {
        fprintf(stderr, "error: cannot write result.json\n");
    }
}

} // namespace
} // namespace mkb

int main(int argc, char** argv) {
    using namespace mkb;
    stage("load");
    Error error;
    RunFile run;
    std::string why;
    if (argc != 2) {
        error.kind    = "bad_run_file";
        error.message = "usage: kernel run.json";
    } else if (!parseRunFile(argv[1], run, why)) {
        error.kind    = "bad_run_file";
        error.message = why;
    }
    if (!error.kind.empty()) {
        writeResult(error, 0, nullptr, run.threads);
        return 0;
    }
    int trialsDone = 0;
    std::vector<long long> samples;
    bool timed = false;
    try {
        Runner runner(run);
        runner.run(error);
        trialsDone = runner.trialsDone();
        samples    = runner.samples();
        timed      = runner.timed();
    } catch (const std::bad_alloc&) {
        // Only the kernel's calls are wrapped; this is the driver's own (or a destructor's) failure.
        error.kind    = "exception";
        error.message = "std::bad_alloc (out of memory) outside the kernel's entry points";
    }
    if (!timed) {
        stage("write");
    }
    writeResult(error, trialsDone, timed ? &samples : nullptr, run.threads);
    return 0;
}
