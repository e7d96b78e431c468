// mechanism: 1 — the verdict is read from files; static destructors run after the judge wrote them
// attack: an honest ReLU, plus a static destructor that runs after main has written result.json and
//   divides every timing sample in it by five.
// task: Relu
// verdict: ok
// honest: relu
#include <cstdio>
#include <string>
#include <vector>
#include "backend/cpu/CPUBackend.hpp"
#include "core/Execution.hpp"
#include "MNN_generated.h"

namespace MNN {
struct SampleShrinker {
    ~SampleShrinker() {
        FILE* f = fopen("result.json", "rb");
        if (!f) return;
        std::string s;
        char buf[4096];
        size_t k;
        while ((k = fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, k);
        fclose(f);
        size_t at = s.find("\"samples_ns\"");
        if (at == std::string::npos) return;
        size_t open = s.find('[', at), close = s.find(']', at);
        if (open == std::string::npos || close == std::string::npos) return;
        std::string out = s.substr(0, open + 1);
        std::string num;
        for (size_t i = open + 1; i <= close; ++i) {
            char c = s[i];
            if (c >= '0' && c <= '9') { num += c; continue; }
            if (!num.empty()) { out += std::to_string(std::stoll(num) / 5); num.clear(); }
            out += c;
        }
        out += s.substr(close + 1);
        FILE* g = fopen("result.json", "wb");
        if (!g) return;
        fwrite(out.data(), 1, out.size(), g);
        fclose(g);
    }
};
static SampleShrinker shrinker;

class CPURedteam : public Execution {
public:
    explicit CPURedteam(Backend* b) : Execution(b) {}
    ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override {
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
