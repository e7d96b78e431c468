// The kernel host over a real MNN tree (target `mnn`): the judge's protocol (host.hpp) with MNN's own
// runtime behind it. Compiled against the tree's headers and linked with the tree's objects; with a
// candidate linked in first, the candidate's registrar is the one MNN's `registerCPUOps` calls, so the op
// runs the candidate's Execution; without one (the baseline host) it runs MNN's own. Either way the op is
// the converter's, read from the task's model.mnn, and it runs on the backend MNN's CPU runtime makes on
// this machine, as one op of a session would: concurrency begin, onExecuteBegin, onExecute, onExecuteEnd.
#include <MNN/MNNForwardType.h>

#include <memory>
#include <string>
#include <vector>

#include "core/Backend.hpp"
#include "core/Execution.hpp"
#include "core/TensorUtils.hpp"
#include "host.hpp"

namespace mkb {
namespace {

std::string directoryOf(const std::string& path) {
    size_t slash = path.rfind('/');
    return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}

class Host {
public:
    Host(RunFile& run, Channel& channel) : mRun(run), mChannel(channel) {}

    ~Host() {
        mExecution.reset();
        mBackend.reset();
        mDefault.reset();
        mRuntime.reset();
    }

    // The runtime and backend, the op from the model, and tensors over the judge's memory.
    bool makeTensors(Error& error) {
        return loadOp(error) && makeBackend(error) && makeSide(mRun.inputs, true, mInputs, mInputPtrs, error) &&
               makeSide(mRun.outputs, false, mOutputs, mOutputPtrs, error);
    }

    // As a session resizes: clear, resize begin, onCreate + onResize, resize end (MNN allocates then). The
    // backend MNN picks for this machine (AVX2Backend on x86 with AVX2) declines some ops (integer outputs,
    // among others); a session then makes them on its default CPU backend, and so does this host.
    bool start(Error& error) {
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
        if (code != MNN::NO_ERROR) {
            error.kind    = kResizeFailed;
            error.code    = (int)code;
            error.message = std::string("onResize returned ") + errorCodeName(code);
            return false;
        }
        return true;
    }

    bool execute(Error& error) {
        Concurrency busy(mRuntime.get());
        mActive->onExecuteBegin();
        MNN::ErrorCode code = MNN::NO_ERROR;
        bool ran = callKernel("onExecute", error, [&] { code = mExecution->onExecute(mInputPtrs, mOutputPtrs); });
        mActive->onExecuteEnd();
        if (!ran) {
            return false;
        }
        if (code != MNN::NO_ERROR) {
            error.kind    = kExecuteFailed;
            error.code    = (int)code;
            error.message = std::string("onExecute returned ") + errorCodeName(code);
            return false;
        }
        return true;
    }

private:
    // The runtime's thread pool is active only between these, as around a session's run.
    struct Concurrency {
        explicit Concurrency(const MNN::Runtime* rt) : mRt(rt) { mRt->onConcurrencyBegin(); }
        ~Concurrency() { mRt->onConcurrencyEnd(); }
        const MNN::Runtime* mRt;
    };

    bool loadOp(Error& error) {
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
        const uint32_t n = inputs ? mChannel.cmd->nInputs : mChannel.cmd->nOutputs;
        if (specs.size() != n) {
            return Channel::fail(error, "run.json and the judge disagree on the number of tensors");
        }
        for (size_t i = 0; i < specs.size(); ++i) {
            auto& spec = specs[i];
            if (spec.dimType == MNN::Tensor::CAFFE_C4) {
                return Channel::fail(error, "tensor '" + spec.name + "' is NC4HW4, which this host does not lay out");
            }
            auto t           = std::unique_ptr<MNN::Tensor>(new MNN::Tensor((int)spec.shape.size(), spec.dimType));
            t->buffer().type = spec.type;
            for (size_t d = 0; d < spec.shape.size(); ++d) {
                t->setLength((int)d, spec.shape[d]);
            }
            MNN::TensorUtils::setLinearLayout(t.get());
            const Region& r = inputs ? mChannel.cmd->inputs[i] : mChannel.cmd->outputs[i];
            if ((uint64_t)t->usize() != r.bytes) {
                return Channel::fail(error, "tensor '" + spec.name + "' has " + std::to_string(t->usize()) +
                                                " bytes here but " + std::to_string(r.bytes) + " for the judge");
            }
            t->buffer().host = inputs ? mChannel.input((int)i) : mChannel.output((int)i);
            ptrs.push_back(t.get());
            out.push_back(std::move(t));
        }
        return true;
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
};

} // namespace
} // namespace mkb

int main(int argc, char** argv) {
    return mkb::hostMain<mkb::Host>(argc, argv);
}
