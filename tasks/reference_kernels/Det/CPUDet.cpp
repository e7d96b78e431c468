// Gaussian elimination with partial pivoting per matrix, in double: the determinant is the product
// of the pivots (sign flipped per row swap). Double keeps the float32 result exact-ish for the large
// matrices of the benchmark; a product beyond float's range becomes +-inf when stored, as in
// onnxruntime. Matrices are split over the threads.
#include "CPUDet.hpp"

#include <math.h>
#include <vector>
#include "ElementwiseA.hpp"

namespace MNN {

ErrorCode CPUDet::onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    auto input     = inputs[0];
    const int dims = input->dimensions();
    if (input->getType() != halide_type_of<float>() || dims < 2 || input->length(dims - 1) != input->length(dims - 2) ||
        mkba::formatOf(input) == MNN_DATA_FORMAT_NC4HW4) {
        return NOT_SUPPORT;
    }
    mSize  = input->length(dims - 1);
    mCount = 1;
    for (int i = 0; i < dims - 2; ++i) mCount *= input->length(i);
    return outputs[0]->elementSize() == mCount ? NO_ERROR : INVALID_VALUE;
}

static double determinant(const float* src, int n, std::vector<double>& a) {
    a.assign(src, src + (size_t)n * n);
    double det = 1.0;
    for (int col = 0; col < n; ++col) {
        int pivot = col;
        for (int r = col + 1; r < n; ++r)
            if (fabs(a[(size_t)r * n + col]) > fabs(a[(size_t)pivot * n + col])) pivot = r;
        const double p = a[(size_t)pivot * n + col];
        if (p == 0.0) {
            return 0.0;
        }
        if (pivot != col) {
            for (int c = col; c < n; ++c) std::swap(a[(size_t)pivot * n + c], a[(size_t)col * n + c]);
            det = -det;
        }
        det *= p;
        const double* top = &a[(size_t)col * n];
        for (int r = col + 1; r < n; ++r) {
            double* row    = &a[(size_t)r * n];
            const double f = row[col] / p;
            if (f == 0.0) continue;
            for (int c = col + 1; c < n; ++c) row[c] -= f * top[c];
        }
    }
    return det;
}

ErrorCode CPUDet::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    const float* src  = inputs[0]->host<float>();
    float* dst        = outputs[0]->host<float>();
    const int n       = mSize, count = mCount;
    const int threads = mkba::threadsFor(backend(), count);
    MNN_CONCURRENCY_BEGIN(tId, threads) {
        std::vector<double> scratch;
        for (int m = tId; m < count; m += threads) dst[m] = (float)determinant(src + (size_t)m * n * n, n, scratch);
    }
    MNN_CONCURRENCY_END();
    return NO_ERROR;
}

class CPUDetCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                const MNN::Op* op, Backend* backend) const override {
        return new CPUDet(backend);
    }
};

REGISTER_CPU_OP_CREATOR(CPUDetCreator, OpType_Det);
} // namespace MNN
