// mechanism: 7 — sizes are not capped
// attack: throw an exception whose message is eight megabytes long (a verdict message that size would
//   flood the Debugger's prompt and every screen). Under MNN's flags (-fno-exceptions) it does not build.
// task: Relu
// verdict: compile_error(exception handling disabled)|runtime_error
// message-max: 2000
#include <stdexcept>
#include <string>
#include "backend/cpu/CPUBackend.hpp"
#include "core/Execution.hpp"
#include "MNN_generated.h"

namespace MNN {
class CPURedteam : public Execution {
public:
    explicit CPURedteam(Backend* b) : Execution(b) {}
    ErrorCode onExecute(const std::vector<Tensor*>&, const std::vector<Tensor*>&) override {
        throw std::runtime_error(std::string(8 << 20, 'x'));
    }
};

class CPURedteamCreator : public CPUBackend::Creator {
public:
    Execution* onCreate(const std::vector<Tensor*>&, const std::vector<Tensor*>&, const MNN::Op*,
                        Backend* b) const override {
        return new CPURedteam(b);
    }
};
REGISTER_CPU_OP_CREATOR(CPURedteamCreator, OpType_ReLU);
} // namespace MNN
