// The kernel host over the workbench's API headers: the candidate's side of an evaluation. It is linked
// with the candidate and runs sandboxed, started by the trusted judge (toolchain/judge/judge.cpp) as
// `kernel run.json` with the channel's memory files as fds 3..6 (channel.hpp). Before anything else runs
// it maps them into the judge's window and seals itself (host.hpp's `preinit`, seal.cpp), and then does
// exactly what the judge's commands say: create and resize the execution, call onExecute, or answer a
// no-op (for calibration). It times nothing, checks nothing and writes no file: inputs, references, the
// timer, the guards and the verdict all belong to the judge.
#include "core/TensorUtils.hpp"
#include "host.hpp"
#include "runtime.hpp"

namespace mkb {
namespace {

class Host {
public:
    Host(RunFile& run, Channel& channel) : mRun(run), mChannel(channel), mBackend(run.threads), mOp(run.op) {}

    bool makeTensors(Error& error) {
        return makeSide(mRun.inputs, true, mInputs, mInputPtrs, error) &&
               makeSide(mRun.outputs, false, mOutputs, mOutputPtrs, error);
    }

    // onCreate + onResize (the inputs hold the first set: kernels read small inputs such as axes there).
    bool start(Error& error) {
        if (!create(error)) {
            return false;
        }
        MNN::ErrorCode code = MNN::NO_ERROR;
        if (!callKernel("onResize", error, [&] { code = mExecution->onResize(mInputPtrs, mOutputPtrs); })) {
            return false;
        }
        return succeeded(code, kResizeFailed, "onResize", error);
    }

    bool execute(Error& error) {
        MNN::ErrorCode code = MNN::NO_ERROR;
        if (!callKernel("onExecute", error, [&] { code = mExecution->onExecute(mInputPtrs, mOutputPtrs); })) {
            return false;
        }
        return succeeded(code, kExecuteFailed, "onExecute", error);
    }

private:
    bool makeSide(const std::vector<TensorSpec>& specs, bool inputs, std::vector<std::unique_ptr<MNN::Tensor>>& out,
                  std::vector<MNN::Tensor*>& ptrs, Error& error) {
        return bindTensors(mChannel, specs, inputs, out, ptrs, error, [](const TensorSpec& spec, std::string&) {
            auto t = std::make_unique<MNN::Tensor>((int)spec.shape.size(), spec.dimType);
            t->buffer().type = spec.type;
            MNN::TensorUtils::setShape(t.get(), spec.shape);
            for (int d = (int)spec.shape.size(); d < 4; ++d) {
                t->setLength(d, 1); // so batch()/channel()/... of low-rank tensors read 1
            }
            return t;
        });
    }

    bool create(Error& error) {
        const int type = mOp.type();
        for (int refused : refusedCreators()) {
            if (refused == type) {
                error.kind    = kDuplicateCreator;
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
            error.kind    = kNoCreator;
            error.message = "no creator is registered for " + opTypeName(type) + " (registered: " +
                            (names.empty() ? "none" : names) + ")";
            return false;
        }
        MNN::Execution* execution = nullptr;
        if (!callKernel("onCreate", error, [&] { execution = mBackend.onCreate(mInputPtrs, mOutputPtrs, &mOp); })) {
            return false;
        }
        if (!execution) {
            error.kind    = kCreateFailed;
            error.message = "the creator for " + opTypeName(type) + " returned null";
            return false;
        }
        mExecution.reset(execution);
        return true;
    }


    RunFile& mRun;
    Channel& mChannel;
    MNN::CPUBackend mBackend;
    MNN::Op mOp;
    std::vector<std::unique_ptr<MNN::Tensor>> mInputs, mOutputs;
    std::vector<MNN::Tensor*> mInputPtrs, mOutputPtrs;
    // Destroyed before the tensors and the backend it may point at.
    std::unique_ptr<MNN::Execution> mExecution;
};


} // namespace
} // namespace mkb

int main(int argc, char** argv) {
    return mkb::hostMain<mkb::Host>(argc, argv);
}
