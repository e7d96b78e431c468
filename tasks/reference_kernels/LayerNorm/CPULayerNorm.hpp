// Reference LayerNorm (and RMSNorm) over the trailing axes for the workbench, in MNN's CPU-op style.
#ifndef CPULayerNorm_hpp
#define CPULayerNorm_hpp

#include <memory>
#include <vector>
#include "core/Execution.hpp"

namespace MNN {
class CPULayerNorm : public Execution {
public:
    // axisCount: how many trailing axes are normalised; gamma / beta may be empty.
    CPULayerNorm(Backend* b, int axisCount, int group, float epsilon, bool rms, std::vector<float> gamma,
                 std::vector<float> beta)
        : Execution(b), mAxisCount(axisCount), mGroup(group), mEpsilon(epsilon), mRMSNorm(rms),
          mGamma(std::move(gamma)), mBeta(std::move(beta)) {}
    virtual ~CPULayerNorm() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

private:
    int mAxisCount, mGroup;
    float mEpsilon;
    bool mRMSNorm;
    std::vector<float> mGamma, mBeta;
    int mOutside = 1, mInside = 1;
    // NC4HW4 tensors are computed through NCHW copies.
    std::unique_ptr<Tensor> mPlanarInput, mPlanarOutput;
};
} // namespace MNN

#endif // CPULayerNorm_hpp
