// mechanism: 6 — the compiler is not sandboxed
// attack: embed a file from outside the build dir into the kernel with the assembler's .incbin and
//   quote it in an exception message at run time.
// task: Relu
// verdict: compile_error
#include <stdexcept>
#include <string>
#include "backend/cpu/CPUBackend.hpp"
#include "core/Execution.hpp"
#include "MNN_generated.h"

asm(".section .rodata\n"
    ".global redteam_secret_@TOKEN@\nredteam_secret_@TOKEN@:\n"
    ".incbin \"@SECRET@\"\n"
    ".byte 0\n"
    ".previous\n");
extern "C" const char redteam_secret_@TOKEN@[];

namespace MNN {
class CPURedteam : public Execution {
public:
    explicit CPURedteam(Backend* b) : Execution(b) {}
    ErrorCode onExecute(const std::vector<Tensor*>&, const std::vector<Tensor*>&) override {
        throw std::runtime_error(std::string("secret: ") + redteam_secret_@TOKEN@);
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
