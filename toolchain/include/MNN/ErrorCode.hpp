// Clean-room, MNN-compatible error codes (same numeric values as MNN).
#ifndef MNN_ErrorCode_h
#define MNN_ErrorCode_h

namespace MNN {
#ifdef NO_ERROR
#undef NO_ERROR
#endif
enum ErrorCode {
    NO_ERROR           = 0,
    OUT_OF_MEMORY      = 1,
    NOT_SUPPORT        = 2,
    COMPUTE_SIZE_ERROR = 3,
    NO_EXECUTION       = 4,
    INVALID_VALUE      = 5,

    INPUT_DATA_ERROR = 10,
    CALL_BACK_STOP   = 11,

    TENSOR_NOT_SUPPORT = 20,
    TENSOR_NEED_DIVIDE = 21,

    FILE_CREATE_FAILED = 30,
    FILE_REMOVE_FAILED = 31,
    FILE_OPEN_FAILED   = 32,
    FILE_CLOSE_FAILED  = 33,
    FILE_RESIZE_FAILED = 34,
    FILE_SEEK_FAILED   = 35,
    FILE_NOT_EXIST     = 36,
    FILE_UNMAP_FAILED  = 37
};
} // namespace MNN

#endif // MNN_ErrorCode_h
