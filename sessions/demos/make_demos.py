"""Build the demo sessions by running the real pipeline on hand-written kernels and plans.

    python -m sessions.demos.make_demos [--out DIR] [--only TASK]

Every kernel, Coder note and Debugger / Accelerator plan below was written by a person playing the
MoKA roles, not by an LLM; the header says so (`written_by: human`, provider `hand-written`). Every
evaluation is real: `tasks.evaluation.evaluate` compiles, verifies and times each candidate against
MNN's own kernel on the machine that runs this script, so regenerating gives this machine's numbers.
Existing files are never replaced: delete (or move) the old demo first.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from sessions.events import EvaluationEvent, Header, PlanEvent, ReplyEvent, host_info
from sessions.store import SessionWriter
from tasks.evaluation import evaluate
from tasks.registry import get_task
from toolchain.candidate import Candidate
from toolchain.evaluate import EvalOptions
from toolchain.problem import tool_version

DEMOS = Path(__file__).parent


@dataclass(frozen=True)
class Step:
    note: str  # the Coder's reply: what this candidate changes
    files: dict[str, str]
    expect: str  # the status this kernel was written to reach; a different one is reported
    plan: tuple[str, dict[str, str]] | None  # the Debugger's or Accelerator's plan made after the evaluation


# --- LayerNorm_vision -------------------------------------------------------------------------------------

LN = """// LayerNorm over the trailing axes of each row (ViT: 196 rows of 768), with gamma and beta.
#include <math.h>
#include <vector>
#include "backend/cpu/CPUBackend.hpp"
#include "core/Execution.hpp"
#include "core/Macro.h"
#include "math/Vec.hpp"

namespace MNN {
using Vec4 = Math::Vec<float, 4>;

class CPULayerNorm : public Execution {
public:
    CPULayerNorm(Backend* b, int axisCount, float eps, std::vector<float> gamma, std::vector<float> beta)
        : Execution(b), mAxisCount(axisCount), mEps(eps), mGamma(std::move(gamma)), mBeta(std::move(beta)) {}

    ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override {
        const int dims = inputs[0]->dimensions();
        mOutside = mInside = 1;
        for (int i = 0; i < dims - mAxisCount; ++i) mOutside *= inputs[0]->length(i);
        for (int i = dims - mAxisCount; i < dims; ++i) mInside *= inputs[0]->length(i);
        return NO_ERROR;
    }

    ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override {
        const float* src = inputs[0]->host<float>();
        float* dst = outputs[0]->host<float>();
        for (int r = 0; r < mOutside; ++r) {
            normRow(src + (size_t)r * mInside, dst + (size_t)r * mInside, mInside);
        }
        return NO_ERROR;
    }

private:
/*ROW*/
    int mAxisCount;
    float mEps;
    std::vector<float> mGamma, mBeta;
    int mOutside = 1, mInside = 1;
};

class CPULayerNormCreator : public CPUBackend::Creator {
public:
    Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                        const MNN::Op* op, Backend* backend) const override {
        auto param = op->main_as_LayerNorm();
        auto toVector = [](const flatbuffers::Vector<float>* v) {
            return v ? std::vector<float>(v->begin(), v->end()) : std::vector<float>();
        };
        const int axisCount = param->axis() ? (int)param->axis()->size() : 1;
        return new CPULayerNorm(backend, axisCount, param->/*EPS*/(), toVector(param->gamma()),
                                toVector(param->beta()));
    }
};

REGISTER_CPU_OP_CREATOR(CPULayerNormCreator, OpType_LayerNorm);
} // namespace MNN
"""

LN_NAIVE = """    void normRow(const float* x, float* y, int n) const {
        float mean = 0.0f;
        for (int i = 0; i < n; ++i) mean += x[i];
        mean /= n;
        float var = 0.0f;
        for (int i = 0; i < n; ++i) var += (x[i] - mean) * (x[i] - mean);
        var /= n;
        for (int i = 0; i < n; ++i) {
            float v = (x[i] - mean) / sqrtf(var + mEps);
            if (!mGamma.empty()) v *= mGamma[i];
            if (!mBeta.empty()) v += mBeta[i];
            y[i] = v;
        }
    }
"""

LN_HOISTED = """    void normRow(const float* x, float* y, int n) const {
        float mean = 0.0f;
        for (int i = 0; i < n; ++i) mean += x[i];
        mean /= n;
        float var = 0.0f;
        for (int i = 0; i < n; ++i) var += (x[i] - mean) * (x[i] - mean);
        var /= n;
        // One rsqrt per row instead of a sqrt and a divide per element.
        const float scale = 1.0f / sqrtf(var + mEps);
        const float* g = mGamma.empty() ? nullptr : mGamma.data();
        const float* b = mBeta.empty() ? nullptr : mBeta.data();
        if (g && b) {
            for (int i = 0; i < n; ++i) y[i] = (x[i] - mean) * scale * g[i] + b[i];
        } else {
            for (int i = 0; i < n; ++i) y[i] = (x[i] - mean) * scale * (g ? g[i] : 1.0f) + (b ? b[i] : 0.0f);
        }
    }
"""

LN_VEC4 = """    static float sum4(const Vec4& v) { return v[0] + v[1] + v[2] + v[3]; }

    void normRow(const float* x, float* y, int n) const {
        int i;
        Vec4 acc(0.0f);
        for (i = 0; i + 4 <= n; i += 4) acc = acc + Vec4::load(x + i);
        float sum = sum4(acc);
        for (; i < n; ++i) sum += x[i];
        const float mean = sum / n;
        const Vec4 m(mean);
        Vec4 acc2(0.0f);
        for (i = 0; i + 4 <= n; i += 4) {
            Vec4 d = Vec4::load(x + i) - m;
            acc2 = acc2 + d * d;
        }
        float sq = sum4(acc2);
        for (; i < n; ++i) sq += (x[i] - mean) * (x[i] - mean);
        const float scale = 1.0f / sqrtf(sq / n + mEps);
        const Vec4 k(scale);
        const float* g = mGamma.empty() ? nullptr : mGamma.data();
        const float* b = mBeta.empty() ? nullptr : mBeta.data();
        for (i = 0; i + 4 <= n; i += 4) {
            Vec4 v = (Vec4::load(x + i) - m) * k;
            if (g) v = v * Vec4::load(g + i);
            if (b) v = v + Vec4::load(b + i);
            Vec4::save(y + i, v);
        }
        for (; i < n; ++i) y[i] = (x[i] - mean) * scale * (g ? g[i] : 1.0f) + (b ? b[i] : 0.0f);
    }
"""

LN_FUSED = """    static float sum4(const Vec4& v) { return v[0] + v[1] + v[2] + v[3]; }

    void normRow(const float* x, float* y, int n) const {
        // One pass for both moments: var = E[x^2] - mean^2. A row is 768 values of unit scale, so the
        // cancellation costs far less than the 1e-4 tolerance.
        int i;
        Vec4 s(0.0f), s2(0.0f);
        for (i = 0; i + 4 <= n; i += 4) {
            Vec4 v = Vec4::load(x + i);
            s = s + v;
            s2 = s2 + v * v;
        }
        float sum = sum4(s), sq = sum4(s2);
        for (; i < n; ++i) {
            sum += x[i];
            sq += x[i] * x[i];
        }
        const float mean = sum / n;
        const float var = ALIMAX(sq / n - mean * mean, 0.0f);
        const float scale = 1.0f / sqrtf(var + mEps);
        const Vec4 m(mean), k(scale);
        const float* g = mGamma.empty() ? nullptr : mGamma.data();
        const float* b = mBeta.empty() ? nullptr : mBeta.data();
        for (i = 0; i + 4 <= n; i += 4) {
            Vec4 v = (Vec4::load(x + i) - m) * k;
            if (g) v = v * Vec4::load(g + i);
            if (b) v = v + Vec4::load(b + i);
            Vec4::save(y + i, v);
        }
        for (; i < n; ++i) y[i] = (x[i] - mean) * scale * (g ? g[i] : 1.0f) + (b ? b[i] : 0.0f);
    }
"""

LN_UNROLLED = """    static float sum4(const Vec4& v) { return v[0] + v[1] + v[2] + v[3]; }

    void normRow(const float* x, float* y, int n) const {
        // Moments in one pass with four independent accumulator pairs, so consecutive adds do not
        // wait on each other (the add latency, not memory, bounded the single-accumulator loop).
        int i;
        Vec4 s0(0.0f), s1(0.0f), s2(0.0f), s3(0.0f), q0(0.0f), q1(0.0f), q2(0.0f), q3(0.0f);
        for (i = 0; i + 16 <= n; i += 16) {
            Vec4 a = Vec4::load(x + i), b = Vec4::load(x + i + 4);
            Vec4 c = Vec4::load(x + i + 8), d = Vec4::load(x + i + 12);
            s0 = s0 + a; s1 = s1 + b; s2 = s2 + c; s3 = s3 + d;
            q0 = q0 + a * a; q1 = q1 + b * b; q2 = q2 + c * c; q3 = q3 + d * d;
        }
        for (; i + 4 <= n; i += 4) {
            Vec4 a = Vec4::load(x + i);
            s0 = s0 + a;
            q0 = q0 + a * a;
        }
        float sum = sum4((s0 + s1) + (s2 + s3)), sq = sum4((q0 + q1) + (q2 + q3));
        for (; i < n; ++i) {
            sum += x[i];
            sq += x[i] * x[i];
        }
        const float mean = sum / n;
        const float var = ALIMAX(sq / n - mean * mean, 0.0f);
        const float scale = 1.0f / sqrtf(var + mEps);
        const float* g = mGamma.empty() ? nullptr : mGamma.data();
        const float* b = mBeta.empty() ? nullptr : mBeta.data();
        if (g && b) {
            // y = x * (scale * g) + (b - mean * scale * g): one multiply-add per element.
            const Vec4 k(scale), negMean(-mean);
            for (i = 0; i + 8 <= n; i += 8) {
                Vec4 g0 = Vec4::load(g + i) * k, g1 = Vec4::load(g + i + 4) * k;
                Vec4 v0 = Vec4::load(x + i) * g0 + (Vec4::load(b + i) + g0 * negMean);
                Vec4 v1 = Vec4::load(x + i + 4) * g1 + (Vec4::load(b + i + 4) + g1 * negMean);
                Vec4::save(y + i, v0);
                Vec4::save(y + i + 4, v1);
            }
            for (; i < n; ++i) y[i] = x[i] * scale * g[i] + (b[i] - mean * scale * g[i]);
            return;
        }
        for (i = 0; i < n; ++i) y[i] = (x[i] - mean) * scale * (g ? g[i] : 1.0f) + (b ? b[i] : 0.0f);
    }
"""


def ln(row: str, eps: str = "epsilon") -> dict[str, str]:
    return {"CPULayerNorm.cpp": LN.replace("/*ROW*/\n", row).replace("/*EPS*/", eps)}


LAYERNORM = [
    Step("First draft: the textbook three passes (mean, variance, normalise) over each row, scalar.",
         ln(LN_NAIVE, eps="eps"), "compile_error",
         ("debugger", {"error": "no member named 'eps' in MNN::LayerNorm",
                       "cause": "MNN's LayerNorm table names the epsilon field `epsilon`, not `eps`",
                       "fix": "read the parameter as param->epsilon(); nothing else changes"})),
    Step("Read epsilon through param->epsilon() as the Debugger found.",
         ln(LN_NAIVE), "ok",
         ("accelerator", {"bottleneck": "the normalise loop does a sqrtf and a divide for every element",
                          "optimisation": "hoist 1/sqrt(var + eps) out of the loop, once per row",
                          "plan": "compute scale = 1/sqrtf(var + eps) per row; multiply by it; take gamma and "
                                  "beta pointers out of the loop so the common affine case is branch-free"})),
    Step("Hoisted the reciprocal square root; the affine loop has no branches.",
         ln(LN_HOISTED), "ok",
         ("accelerator", {"bottleneck": "the two reductions are scalar: a serial add chain of 768 steps each",
                          "optimisation": "Vec4 SIMD for the three passes",
                          "plan": "accumulate sum and squared deviations in Vec4 lanes and reduce at the end; "
                                  "normalise four values at a time with Vec4 load/save; scalar tails"})),
    Step("Vec4 for the mean, variance and normalise passes.",
         ln(LN_VEC4), "ok",
         ("accelerator", {"bottleneck": "each row is read three times: mean, then variance, then output",
                          "optimisation": "fuse the two statistic passes: sum and sum of squares together",
                          "plan": "accumulate x and x*x in one Vec4 pass; var = E[x^2] - mean^2 clamped at 0 "
                                  "(unit-scale rows keep the cancellation far below 1e-4)"})),
    Step("One pass for both moments, then the normalise pass.",
         ln(LN_FUSED), "ok",
         ("accelerator", {"bottleneck": "the statistics pass is bound by add latency: one accumulator "
                                        "pair means every add waits for the previous one",
                          "optimisation": "unroll by 16 with four independent accumulator pairs; fold gamma "
                                          "and the mean into one multiply-add per output",
                          "plan": "four Vec4 sum and square accumulators, combined after the loop; output "
                                  "y = x * (scale*g) + (b - mean*scale*g), eight values per step"})),
    Step("Unrolled statistics with four accumulator pairs; one multiply-add per output.",
         ln(LN_UNROLLED), "ok", None),
]

# --- Softmax --------------------------------------------------------------------------------------------

SM = """// Softmax over the last axis: 64 rows of 2048 contiguous values.
#include <math.h>
#include <string.h>
#include "backend/cpu/CPUBackend.hpp"
#include "core/Execution.hpp"
#include "core/Macro.h"
#include "math/Vec.hpp"

namespace MNN {
using Vec4 = Math::Vec<float, 4>;

class CPUSoftmax : public Execution {
public:
    CPUSoftmax(Backend* b, int axis) : Execution(b), mAxis(axis) {}

    ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override {
        const int dims = inputs[0]->dimensions();
        const int axis = mAxis < 0 ? mAxis + dims : mAxis;
        if (axis != dims - 1) {
            return NOT_SUPPORT;  // this kernel handles the contiguous last axis only
        }
        mRows = 1;
        for (int i = 0; i < axis; ++i) mRows *= inputs[0]->length(i);
        mWidth = inputs[0]->length(axis);
        return NO_ERROR;
    }

    ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override {
        const float* src = inputs[0]->host<float>();
        float* dst = outputs[0]->host<float>();
        for (int r = 0; r < mRows; ++r) {
            softmaxRow(src + (size_t)r * mWidth, dst + (size_t)r * mWidth, mWidth);
        }
        return NO_ERROR;
    }

private:
/*ROW*/
    int mAxis;
    int mRows = 1, mWidth = 1;
};

class CPUSoftmaxCreator : public CPUBackend::Creator {
public:
    Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                        const MNN::Op* op, Backend* backend) const override {
/*PARAM*/
    }
};

REGISTER_CPU_OP_CREATOR(CPUSoftmaxCreator, OpType_Softmax);
} // namespace MNN
"""

SM_PARAM_WRONG = """        auto param = op->main_as_Softmax();
        return new CPUSoftmax(backend, param ? param->axis() : -1);"""
SM_PARAM = """        auto param = op->main_as_Axis();
        return new CPUSoftmax(backend, param ? param->axis() : -1);"""

SM_NAIVE = """    void softmaxRow(const float* x, float* y, int n) const {
        float maxValue = x[0];
        for (int i = 1; i < n; ++i) maxValue = ALIMAX(maxValue, x[i]);
        float sum = 0.0f;
        for (int i = 0; i < n; ++i) sum += expf(x[i] - maxValue);
        for (int i = 0; i < n; ++i) y[i] = expf(x[i] - maxValue) / sum;
    }
"""

SM_ONE_EXP = """    static float max4(const Vec4& v) { return ALIMAX(ALIMAX(v[0], v[1]), ALIMAX(v[2], v[3])); }

    void softmaxRow(const float* x, float* y, int n) const {
        int i;
        Vec4 m4(x[0]);
        for (i = 0; i + 4 <= n; i += 4) m4 = Vec4::max(m4, Vec4::load(x + i));
        float maxValue = max4(m4);
        for (; i < n; ++i) maxValue = ALIMAX(maxValue, x[i]);
        // exp once per element, kept in y; then one multiply by the reciprocal instead of a divide.
        float sum = 0.0f;
        for (i = 0; i < n; ++i) {
            y[i] = expf(x[i] - maxValue);
            sum += y[i];
        }
        const Vec4 k(1.0f / sum);
        for (i = 0; i + 4 <= n; i += 4) Vec4::save(y + i, Vec4::load(y + i) * k);
        for (; i < n; ++i) y[i] *= 1.0f / sum;
    }
"""

# exp(t) = 2^j * p(r), t = j*ln2 + r, |r| <= ln2/2; p a degree-6 Taylor polynomial (error < 2e-7).
SM_POLY = """    static float max4(const Vec4& v) { return ALIMAX(ALIMAX(v[0], v[1]), ALIMAX(v[2], v[3])); }
    static float sum4(const Vec4& v) { return v[0] + v[1] + v[2] + v[3]; }

    // exp of four values t <= 0: t = j*ln2 + r with integer j, then 2^j * p(r) with p a polynomial.
    static Vec4 exp4(const Vec4& t) {
        float tv[4], rv[4], pw[4];
        Vec4::save(tv, Vec4::max(t, Vec4(-87.0f)));
        for (int l = 0; l < 4; ++l) {
            const float j = floorf(tv[l] * 1.44269504f + 0.5f);
            rv[l] = tv[l] /*SIGN*/ j * 0.693147181f;
            int bits = ((int)j + 127) << 23;  // 2^j as float bits
            memcpy(&pw[l], &bits, sizeof(float));
        }
        const Vec4 r = Vec4::load(rv);
        Vec4 p(1.0f / 720.0f);
        p = p * r + Vec4(1.0f / 120.0f);
        p = p * r + Vec4(1.0f / 24.0f);
        p = p * r + Vec4(1.0f / 6.0f);
        p = p * r + Vec4(0.5f);
        p = p * r + Vec4(1.0f);
        p = p * r + Vec4(1.0f);
        return p * Vec4::load(pw);
    }

    void softmaxRow(const float* x, float* y, int n) const {
        int i;
        Vec4 m4(x[0]);
        for (i = 0; i + 4 <= n; i += 4) m4 = Vec4::max(m4, Vec4::load(x + i));
        float maxValue = max4(m4);
        for (; i < n; ++i) maxValue = ALIMAX(maxValue, x[i]);
        const Vec4 mv(maxValue);
        Vec4 s(0.0f);
        for (i = 0; i + 4 <= n; i += 4) {
            Vec4 e = exp4(Vec4::load(x + i) - mv);
            Vec4::save(y + i, e);
            s = s + e;
        }
        float sum = sum4(s);
        for (; i < n; ++i) {
            y[i] = expf(x[i] - maxValue);
            sum += y[i];
        }
        const Vec4 k(1.0f / sum);
        for (i = 0; i + 4 <= n; i += 4) Vec4::save(y + i, Vec4::load(y + i) * k);
        for (; i < n; ++i) y[i] *= 1.0f / sum;
    }
"""

SM_UNROLLED = """    static float max4(const Vec4& v) { return ALIMAX(ALIMAX(v[0], v[1]), ALIMAX(v[2], v[3])); }
    static float sum4(const Vec4& v) { return v[0] + v[1] + v[2] + v[3]; }

    // exp of four values t <= 0: t = j*ln2 + r with integer j, then 2^j * p(r) with p a polynomial.
    static Vec4 exp4(const Vec4& t) {
        float tv[4], rv[4], pw[4];
        Vec4::save(tv, Vec4::max(t, Vec4(-87.0f)));
        for (int l = 0; l < 4; ++l) {
            const float j = floorf(tv[l] * 1.44269504f + 0.5f);
            rv[l] = tv[l] - j * 0.693147181f;
            int bits = ((int)j + 127) << 23;  // 2^j as float bits
            memcpy(&pw[l], &bits, sizeof(float));
        }
        const Vec4 r = Vec4::load(rv);
        Vec4 p(1.0f / 720.0f);
        p = p * r + Vec4(1.0f / 120.0f);
        p = p * r + Vec4(1.0f / 24.0f);
        p = p * r + Vec4(1.0f / 6.0f);
        p = p * r + Vec4(0.5f);
        p = p * r + Vec4(1.0f);
        p = p * r + Vec4(1.0f);
        return p * Vec4::load(pw);
    }

    void softmaxRow(const float* x, float* y, int n) const {
        // Two independent chains for the max and for the sum, eight values per step.
        int i;
        Vec4 m0(x[0]), m1(x[0]);
        for (i = 0; i + 8 <= n; i += 8) {
            m0 = Vec4::max(m0, Vec4::load(x + i));
            m1 = Vec4::max(m1, Vec4::load(x + i + 4));
        }
        float maxValue = max4(Vec4::max(m0, m1));
        for (; i < n; ++i) maxValue = ALIMAX(maxValue, x[i]);
        const Vec4 mv(maxValue);
        Vec4 s0(0.0f), s1(0.0f);
        for (i = 0; i + 8 <= n; i += 8) {
            Vec4 e0 = exp4(Vec4::load(x + i) - mv), e1 = exp4(Vec4::load(x + i + 4) - mv);
            Vec4::save(y + i, e0);
            Vec4::save(y + i + 4, e1);
            s0 = s0 + e0;
            s1 = s1 + e1;
        }
        float sum = sum4(s0 + s1);
        for (; i < n; ++i) {
            y[i] = expf(x[i] - maxValue);
            sum += y[i];
        }
        const Vec4 k(1.0f / sum);
        for (i = 0; i + 8 <= n; i += 8) {
            Vec4::save(y + i, Vec4::load(y + i) * k);
            Vec4::save(y + i + 4, Vec4::load(y + i + 4) * k);
        }
        for (; i < n; ++i) y[i] *= 1.0f / sum;
    }
"""


def sm(row: str, param: str = SM_PARAM) -> dict[str, str]:
    return {"CPUSoftmax.cpp": SM.replace("/*ROW*/\n", row).replace("/*PARAM*/", param)}


SOFTMAX = [
    Step("First draft: max, sum of exponentials, then exp again divided by the sum, scalar.",
         sm(SM_NAIVE, SM_PARAM_WRONG), "compile_error",
         ("debugger", {"error": "no member named 'main_as_Softmax' in MNN::Op",
                       "cause": "MNN stores Softmax's parameter as an Axis table: OpParameter_Axis",
                       "fix": "read the axis with op->main_as_Axis()->axis()"})),
    Step("Axis read through main_as_Axis() as the Debugger found.",
         sm(SM_NAIVE), "ok",
         ("accelerator", {"bottleneck": "expf runs twice per element, and the output pass divides",
                          "optimisation": "compute each exp once, keep it in the output, scale by 1/sum",
                          "plan": "pass 2 stores exp(x - max) in y while summing; pass 3 multiplies y by "
                                  "the reciprocal with Vec4; the max pass uses Vec4::max"})),
    Step("One expf per element, kept in y; Vec4 max and scale passes.",
         sm(SM_ONE_EXP), "ok",
         ("accelerator", {"bottleneck": "scalar expf from libm is now almost all of the time",
                          "optimisation": "a Vec4 polynomial exp, as MNN's MNNExp does",
                          "plan": "t = x - max <= 0; split t = j*ln2 + r, 2^j from the exponent bits, "
                                  "e^r by a degree-6 polynomial in Vec4; sum the exps in a Vec4"})),
    Step("Vec4 polynomial exp with range reduction.",
         sm(SM_POLY.replace("/*SIGN*/", "+")), "wrong_output",
         ("debugger", {"error": "wrong output: errors far above the 1e-4 tolerance on every row",
                       "cause": "the range reduction adds j*ln2 instead of subtracting it, so r is not small "
                                "and 2^j * p(r) is not e^t",
                       "fix": "r = t - j*ln2"})),
    Step("Fixed the sign of the range reduction.",
         sm(SM_POLY.replace("/*SIGN*/", "-")), "ok",
         ("accelerator", {"bottleneck": "the max and sum reductions are single dependency chains",
                          "optimisation": "unroll by eight with two independent chains for max and sum",
                          "plan": "two Vec4 max accumulators and two Vec4 sum accumulators, combined after "
                                  "the loop; the scale pass stores eight values per step"})),
    Step("Unrolled by eight: two chains for the max and for the sum.",
         sm(SM_UNROLLED), "ok", None),
]

TRAJECTORIES = {"LayerNorm_vision": LAYERNORM, "Softmax": SOFTMAX}


def make(task_id: str, steps: list[Step], out: Path) -> Path:
    task = get_task(task_id)
    options = EvalOptions()
    header = Header(
        task=task_id, target="host", provider="hand-written", model="", written_by="human",
        title=f"{task_id}: hand-written MoKA-style trajectory (demo)",
        tool_versions={"MNN": tool_version("MNN") or "", "onnxruntime": tool_version("onnxruntime") or ""},
        host=host_info(),
    )
    with SessionWriter.create(out, header) as w:
        for i, step in enumerate(steps, 1):
            w.append(ReplyEvent(iteration=i, role="coder", text=step.note, model="hand-written"))
            # Origin as the loop records it: the first draft is the Coder's, later ones carry out a plan.
            guided = steps[i - 2].plan if i > 1 else None
            cand = w.add_candidate(step.files, i, guided[0] if guided else "coder")  # type: ignore[arg-type]
            result = evaluate(task, Candidate(step.files), "host", options)
            w.append(EvaluationEvent(iteration=i, candidate=cand.seq, result=result.to_json()))
            speed = f"{result.speedup:.2f}x" if result.speedup else "—"
            print(f"{task_id} it {i}: {result.status.value} {speed}  {result.message[:100]}", file=sys.stderr)
            if result.status.value != step.expect:
                print(f"  ! expected {step.expect}", file=sys.stderr)
            if step.plan:
                role, plan = step.plan
                w.append(ReplyEvent(iteration=i, role=role, text=json.dumps(plan), model="hand-written"))  # type: ignore[arg-type]
                w.append(PlanEvent(iteration=i, role=role, plan=plan))  # type: ignore[arg-type]
    return w.path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEMOS, help="folder for the .jsonl files (default: here)")
    ap.add_argument("--only", choices=sorted(TRAJECTORIES), help="build one demo")
    args = ap.parse_args(argv)
    for task_id, steps in TRAJECTORIES.items():
        if args.only and task_id != args.only:
            continue
        print(make(task_id, steps, args.out / f"{task_id}.jsonl"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
