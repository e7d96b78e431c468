// The kernel host over a real MNN tree (target `mnn`): the judge's protocol (host.hpp) with MNN's own
// runtime behind it. Compiled against the tree's headers and linked with the tree's objects; with a
// candidate linked in first, the candidate's registrar is the one MNN's `registerCPUOps` calls, so MNN
// makes the candidate's Execution for the op; without one (the baseline host) it makes its own.
//
// Two modes, chosen by run.json's "mode":
// - "op": the op alone, as the converter wrote it in model.mnn, over the judge's memory (guard pages and
//   read-only inputs apply to the kernel itself), on the backend MNN's CPU runtime makes on this machine,
//   as one op of a session runs: concurrency begin, onExecuteBegin, onExecute, onExecuteEnd.
// - "session": the whole model as an MNN session (for ops MNN rewrites in its geometry pass, or runs on
//   NC4HW4): each call copies the judge's inputs into the session, runs it, and copies its outputs back,
//   exactly as an application of MNN would. The kernel then writes MNN's own buffers, not the judge's.
#include <MNN/Interpreter.hpp>
#include <MNN/MNNForwardType.h>

#include <memory>
#include <string>
#include <vector>

#include "core/Backend.hpp"
#include "core/Execution.hpp"
#include "core/TensorUtils.hpp"
#include "host.hpp"
// Only to reach CPUBackend's creator map (a private static) and count the Executions MNN makes of the op:
// this file is our own trusted host, never a candidate's.
#define private public
#include "backend/cpu/CPUBackend.hpp"
#undef private

namespace mkb {
namespace {

std::string directoryOf(const std::string& path) {
    size_t slash = path.rfind('/');
    return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}

// Stands in the creator map for the op's creator (the candidate's, or MNN's in the baseline host) and
// counts the Executions it makes: a session that never makes one runs the task without the kernel.
class CountingCreator : public MNN::CPUBackend::Creator {
public:
    explicit CountingCreator(MNN::CPUBackend::Creator* inner) : mInner(inner) {}
    MNN::Execution* onCreate(const std::vector<MNN::Tensor*>& inputs, const std::vector<MNN::Tensor*>& outputs,
                             const MNN::Op* op, MNN::Backend* backend) const override {
        MNN::Execution* e = mInner->onCreate(inputs, outputs, op, backend);
        made += e != nullptr;
        return e;
    }
    mutable int made = 0;

private:
    MNN::CPUBackend::Creator* mInner;
};

std::string shapeText(const std::vector<int>& shape) {
    std::string text = "(";
    for (size_t i = 0; i < shape.size(); ++i) {
        text += (i ? ", " : "") + std::to_string(shape[i]);
    }
    return text + ")";
}

int opTypeOf(const JsonValue* type) {
    if (type && type->kind == JsonValue::Number && type->isInteger) {
        return (int)type->integer;
    }
    for (MNN::OpType t : MNN::EnumValuesOpType()) {
        if (type && type->kind == JsonValue::String && type->text == MNN::EnumNameOpType(t)) {
            return (int)t;
        }
    }
    return -1;
}

class Host {
public:
    Host(RunFile& run, Channel& channel) : mRun(run), mChannel(channel) {}

    ~Host() {
        if (mNet) {
            mNet->releaseSession(mSession);
            MNN::Interpreter::destroy(mNet);
        }
        mExecution.reset();
        mBackend.reset();
        mDefault.reset();
        mRuntime.reset();
    }

    // The runtime and backend, the op from the model, and tensors over the judge's memory.
    bool makeTensors(Error& error) {
        if (mRun.session) {
            return loadModel(error) && makeSide(mRun.inputs, true, mInputs, mInputPtrs, error) &&
                   makeSide(mRun.outputs, false, mOutputs, mOutputPtrs, error);
        }
        return loadOp(error) && makeBackend(error) && makeSide(mRun.inputs, true, mInputs, mInputPtrs, error) &&
               makeSide(mRun.outputs, false, mOutputs, mOutputPtrs, error);
    }

    // As a session resizes: clear, resize begin, onCreate + onResize, resize end (MNN allocates then). The
    // backend MNN picks for this machine (AVX2Backend on x86 with AVX2) declines some ops (integer outputs,
    // among others); a session then makes them on its default CPU backend, and so does this host.
    bool start(Error& error) {
        if (mRun.session) {
            return startSession(error);
        }
        Concurrency busy(mRuntime.get());
        for (auto* bn : {mBackend.get(), mDefault.get()}) {
            bn->onClearBuffer();
            bn->onResizeBegin();
        }
        MNN::Execution* execution = nullptr;
        for (auto* bn : {mBackend.get(), mDefault.get()}) {
            if (!callKernel("onCreate", error, [&] { execution = bn->onCreate(mInputPtrs, mOutputPtrs, mOp); })) {
                return false;
            }
            if (execution) {
                mActive = bn;
                break;
            }
        }
        if (!execution) {
            error.kind    = kNoCreator;
            error.message = "MNN's CPU backend made no Execution for " + opTypeName(mOp->type()) +
                            " (no creator registered for it, or the creator returned null)";
            return false;
        }
        mExecution.reset(execution);
        MNN::ErrorCode code = MNN::NO_ERROR;
        if (!callKernel("onResize", error, [&] { code = mExecution->onResize(mInputPtrs, mOutputPtrs); })) {
            return false;
        }
        for (auto* bn : {mBackend.get(), mDefault.get()}) {
            if (code == MNN::NO_ERROR) {
                code = bn->onResizeEnd();
            }
        }
        return succeeded(code, kResizeFailed, "onResize", error);
    }

    bool execute(Error& error) {
        if (mRun.session) {
            return executeSession(error);
        }
        Concurrency busy(mRuntime.get());
        mActive->onExecuteBegin();
        MNN::ErrorCode code = MNN::NO_ERROR;
        bool ran = callKernel("onExecute", error, [&] { code = mExecution->onExecute(mInputPtrs, mOutputPtrs); });
        mActive->onExecuteEnd();
        if (!ran) {
            return false;
        }
        return succeeded(code, kExecuteFailed, "onExecute", error);
    }

private:
    // The runtime's thread pool is active only between these, as around a session's run.
    struct Concurrency {
        explicit Concurrency(const MNN::Runtime* rt) : mRt(rt) { mRt->onConcurrencyBegin(); }
        ~Concurrency() { mRt->onConcurrencyEnd(); }
        const MNN::Runtime* mRt;
    };

    bool loadModel(Error& error) {
        if (mRun.model.empty()) {
            return Channel::fail(error, "run.json names no model");
        }
        const std::string path = mRun.model[0] == '/' ? mRun.model : directoryOf(mRun.path) + "/" + mRun.model;
        if (!readFile(path, mModel)) {
            return Channel::fail(error, "cannot read the model " + path);
        }
        flatbuffers::Verifier verifier((const uint8_t*)mModel.data(), mModel.size());
        if (!MNN::VerifyNetBuffer(verifier)) {
            return Channel::fail(error, "the model is not a valid MNN model");
        }
        return true;
    }

    // The session is made here, so the kernel's onCreate and onResize run inside START, as in op mode.
    bool startSession(Error& error) {
        MNN::MNNGetExtraRuntimeCreator(MNN_FORWARD_CPU);  // registers MNN's CPU creators (once)
        const int type = opTypeOf(mRun.op->find("type"));
        auto& creators = *MNN::CPUBackend::gCreator;
        auto it = creators.find((MNN::OpType)type);
        if (it == creators.end()) {
            error.kind    = kNoCreator;
            error.message = "no creator is registered for " + opTypeName(type);
            return false;
        }
        mCounting.reset(new CountingCreator(it->second));
        it->second = mCounting.get();
        mNet = MNN::Interpreter::createFromBuffer(mModel.data(), mModel.size());
        if (!mNet) {
            return Channel::fail(error, "MNN could not load the model");
        }
        MNN::ScheduleConfig config;
        config.type          = MNN_FORWARD_CPU;
        config.numThread     = mRun.threads;
        mConfig.precision    = MNN::BackendConfig::Precision_High;  // as the host baseline's session asks
        config.backendConfig = &mConfig;
        mSession             = mNet->createSession(config);
        if (!mSession) {
            error.kind    = kCreateFailed;
            error.message = "MNN could not create a session of the model (an Execution's onCreate failed)";
            return false;
        }
        if (mCounting->made == 0) {
            error.kind    = kNotExercised;
            error.message = "MNN's session of this task never makes a " + opTypeName(type) +
                            " Execution (its geometry pass turns the op into other kernels), so no kernel of the op "
                            "can be judged on it inside MNN";
            return false;
        }
        auto& inputs  = mNet->getSessionInputAll(mSession);
        bool resize   = false;
        for (size_t i = 0; i < mRun.inputs.size(); ++i) {
            auto it = inputs.find(mRun.inputs[i].name);
            MNN::Tensor* t = it == inputs.end() ? nullptr : it->second;  // absent: MNN folded it away
            if (t && t->shape() != mRun.inputs[i].shape) {
                mNet->resizeTensor(t, mRun.inputs[i].shape);
                resize = true;
            }
            mSessionIn.push_back(t);
        }
        if (resize) {
            mNet->resizeSession(mSession);
        }
        auto& outputs = mNet->getSessionOutputAll(mSession);
        for (auto& spec : mRun.outputs) {
            auto it = outputs.find(spec.name);
            if (it == outputs.end()) {
                return Channel::fail(error, "the model has no output '" + spec.name + "'");
            }
            if (it->second->shape() != spec.shape) {
                error.kind    = kNotExercised;  // MNN's own answer, not any kernel's: nothing of the op to judge
                error.message = "MNN's session gives '" + spec.name + "' the shape " + shapeText(it->second->shape()) +
                                " where the task's is " + shapeText(spec.shape) +
                                ": MNN runs this model otherwise than ONNX, so no kernel of the op can pass it inside MNN";
                return false;
            }
            mSessionOut.push_back(it->second);
        }
        return true;
    }

    bool executeSession(Error& error) {
        for (size_t i = 0; i < mSessionIn.size(); ++i) {
            if (mSessionIn[i]) {
                mSessionIn[i]->copyFromHostTensor(mInputs[i].get());
            }
        }
        MNN::ErrorCode code = MNN::NO_ERROR;
        if (!callKernel("runSession", error, [&] { code = mNet->runSession(mSession); })) {
            return false;
        }
        if (!succeeded(code, kExecuteFailed, "runSession", error)) {
            return false;
        }
        for (size_t j = 0; j < mSessionOut.size(); ++j) {
            mSessionOut[j]->copyToHostTensor(mOutputs[j].get());
        }
        return true;
    }

    bool loadOp(Error& error) {
        if (!loadModel(error)) {
            return false;
        }
        const JsonValue* name = mRun.op->find("name");
        const std::string wanted = (name && name->kind == JsonValue::String) ? name->text : "";
        auto ops = MNN::GetNet(mModel.data())->oplists();
        for (flatbuffers::uoffset_t i = 0; ops && i < ops->size(); ++i) {
            auto op = ops->Get(i);
            if (op->name() && op->name()->str() == wanted) {
                mOp = op;
                return true;
            }
        }
        return Channel::fail(error, "the model has no op named '" + wanted + "'");
    }

    bool makeBackend(Error& error) {
        mConfig.precision = MNN::BackendConfig::Precision_High;  // as the host baseline's session asks
        MNN::Backend::Info info;
        info.type      = MNN_FORWARD_CPU;
        info.numThread = mRun.threads;
        info.user      = &mConfig;
        const MNN::RuntimeCreator* creator = MNN::MNNGetExtraRuntimeCreator(MNN_FORWARD_CPU);
        if (creator) {
            mRuntime.reset(creator->onCreate(info));
        }
        if (mRuntime) {
            mBackend.reset(mRuntime->onCreate(&mConfig));
            mDefaultConfig.flags = 4;  // MNN_CPU_USE_DEFAULT_BACKEND (CPUBackend.cpp): what Schedule.cpp asks for
            mDefault.reset(mRuntime->onCreate(&mDefaultConfig));
        }
        return mBackend && mDefault ? true : Channel::fail(error, "MNN could not create its CPU runtime");
    }

    bool makeSide(const std::vector<TensorSpec>& specs, bool inputs, std::vector<std::unique_ptr<MNN::Tensor>>& out,
                  std::vector<MNN::Tensor*>& ptrs, Error& error) {
        return bindTensors(mChannel, specs, inputs, out, ptrs, error, [](const TensorSpec& spec, std::string& why) {
            std::unique_ptr<MNN::Tensor> t;
            if (spec.dimType == MNN::Tensor::CAFFE_C4) {
                why = "tensor '" + spec.name + "' is NC4HW4, which this host does not lay out";
                return t;
            }
            t.reset(new MNN::Tensor((int)spec.shape.size(), spec.dimType));
            t->buffer().type = spec.type;
            for (size_t d = 0; d < spec.shape.size(); ++d) {
                t->setLength((int)d, spec.shape[d]);
            }
            MNN::TensorUtils::setLinearLayout(t.get());
            return t;
        });
    }

    RunFile& mRun;
    Channel& mChannel;
    std::string mModel;  // the model's bytes: mOp points into them
    const MNN::Op* mOp = nullptr;
    MNN::BackendConfig mConfig, mDefaultConfig;
    std::unique_ptr<MNN::Runtime> mRuntime;
    std::unique_ptr<MNN::Backend> mBackend, mDefault;
    MNN::Backend* mActive = nullptr;  // the one that made the Execution
    std::vector<std::unique_ptr<MNN::Tensor>> mInputs, mOutputs;
    std::vector<MNN::Tensor*> mInputPtrs, mOutputPtrs;
    std::unique_ptr<MNN::Execution> mExecution;
    std::unique_ptr<CountingCreator> mCounting;  // session mode
    MNN::Interpreter* mNet    = nullptr;
    MNN::Session* mSession    = nullptr;
    std::vector<MNN::Tensor*> mSessionIn, mSessionOut;
};

} // namespace
} // namespace mkb

int main(int argc, char** argv) {
    return mkb::hostMain<mkb::Host>(argc, argv);
}
