// Clean-room, MNN-compatible MNN::Tensor: a halide_buffer_t (host pointer, type, extents and
// strides in elements) plus an inside describe holding the memory layout (see core/TensorUtils.hpp).
#ifndef MNN_Tensor_hpp
#define MNN_Tensor_hpp

#include <vector>
#include <MNN/HalideRuntime.h>
#include <MNN/MNNDefine.h>

namespace MNN {

class MNN_PUBLIC Tensor {
public:
    struct InsideDescribe;

    // TENSORFLOW = NHWC, CAFFE = NCHW, CAFFE_C4 = NC4HW4.
    enum DimensionType { TENSORFLOW, CAFFE, CAFFE_C4 };
    enum HandleDataType { HANDLE_NONE = 0, HANDLE_STRING = 1 };
    enum MapType { MAP_TENSOR_WRITE = 0, MAP_TENSOR_READ = 1 };

    // A tensor of `dimSize` dimensions (extents 0), float32, no memory.
    Tensor(int dimSize = 4, DimensionType type = CAFFE);
    // Same extents as `tensor` (reordered NCHW<->NHWC when the dimension types differ); owns
    // zero-initialised memory when allocMemory.
    Tensor(const Tensor* tensor, DimensionType type = CAFFE, bool allocMemory = true);
    ~Tensor();


    // Shape and type only; give it memory with Backend::onAcquireBuffer.
    static Tensor* createDevice(const std::vector<int>& shape, halide_type_t type, DimensionType dimType = TENSORFLOW);
    template <typename T>
    static Tensor* createDevice(const std::vector<int>& shape, DimensionType dimType = TENSORFLOW) {
        return createDevice(shape, halide_type_of<T>(), dimType);
    }
    // Wraps `data` when given (not owned), else owns zero-initialised memory.
    static Tensor* create(const std::vector<int>& shape, halide_type_t type, void* data = nullptr,
                          DimensionType dimType = TENSORFLOW);
    template <typename T>
    static Tensor* create(const std::vector<int>& shape, void* data = nullptr, DimensionType dimType = TENSORFLOW) {
        return create(shape, halide_type_of<T>(), data, dimType);
    }
    static void destroy(Tensor* tensor);

    const halide_buffer_t& buffer() const { return mBuffer; }
    halide_buffer_t& buffer() { return mBuffer; }

    // NHWC -> TENSORFLOW, NCHW and NC4HW4 -> CAFFE.
    DimensionType getDimensionType() const;
    HandleDataType getHandleDataType() const;
    inline halide_type_t getType() const { return mBuffer.type; }

    template <typename T>
    T* host() const {
        return (T*)mBuffer.host;
    }
    uint64_t deviceId() const { return mBuffer.device; }

    int dimensions() const { return mBuffer.dimensions; }
    std::vector<int> shape() const;
    // Bytes of the data; NC4HW4 counts the channel dimension (dim 1) rounded up to 4.
    int size() const;
    size_t usize() const;
    inline int elementSize() const { return size() / mBuffer.type.bytes(); }

    inline int width() const {
        return getDimensionType() == TENSORFLOW ? mBuffer.dim[2].extent : mBuffer.dim[3].extent;
    }
    inline int height() const {
        return getDimensionType() == TENSORFLOW ? mBuffer.dim[1].extent : mBuffer.dim[2].extent;
    }
    inline int channel() const {
        return getDimensionType() == TENSORFLOW ? mBuffer.dim[3].extent : mBuffer.dim[1].extent;
    }
    inline int batch() const { return mBuffer.dim[0].extent; }

    inline int stride(int index) const { return mBuffer.dim[index].stride; }
    inline int length(int index) const { return mBuffer.dim[index].extent; }
    inline void setStride(int index, int stride) { mBuffer.dim[index].stride = stride; }
    inline void setLength(int index, int length) { mBuffer.dim[index].extent = length; }

    // Prints the extents with MNN_PRINT.
    void printShape() const;

private:
    Tensor(const Tensor& tensor)      = delete;
    Tensor(const Tensor&& tensor)     = delete;
    Tensor& operator=(const Tensor&)  = delete;
    Tensor& operator=(const Tensor&&) = delete;
    halide_buffer_t mBuffer;
    struct InsideDescribe* mDescribe;
    friend class TensorUtils;
};

} // namespace MNN

#endif // MNN_Tensor_hpp
