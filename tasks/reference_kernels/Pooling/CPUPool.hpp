// Reference 2-D Pooling (MAX / AVE, NC4HW4 or NCHW) for the workbench, in MNN's CPU-op style.
#ifndef CPUPool_hpp
#define CPUPool_hpp

#include "core/Execution.hpp"
#include "MNN_generated.h"

namespace MNN {
class CPUPool : public Execution {
public:
    CPUPool(Backend* b, const Pool* parameter) : Execution(b), mParameter(parameter) {}
    virtual ~CPUPool() = default;
    virtual ErrorCode onResize(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;
    virtual ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override;

    // The window geometry resolved from the parameters and the tensors' shapes.
    struct Geometry {
        int kernelX, kernelY, strideX, strideY, padX, padY;
        bool includePadding; // AVE: divide by the padded window size instead of the valid count
    };

private:
    const Pool* mParameter;
    Geometry mGeometry;
    int mPack = 1; // channels interleaved per plane: the backend's pack for NC4HW4, 1 for NCHW
};
} // namespace MNN

#endif // CPUPool_hpp
