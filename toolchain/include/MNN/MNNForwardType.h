// Clean-room, MNN-compatible forward (backend) type enum; only the CPU backend exists here.
#ifndef MNNForwardType_h
#define MNNForwardType_h

typedef enum {
    MNN_FORWARD_CPU     = 0,
    MNN_FORWARD_METAL   = 1,
    MNN_FORWARD_CUDA    = 2,
    MNN_FORWARD_OPENCL  = 3,
    MNN_FORWARD_AUTO    = 4,
    MNN_FORWARD_NN      = 5,
    MNN_FORWARD_OPENGL  = 6,
    MNN_FORWARD_VULKAN  = 7,
    MNN_FORWARD_USER_0  = 8,
    MNN_FORWARD_USER_1  = 9,
    MNN_FORWARD_HEXAGON = 10,
    MNN_FORWARD_USER_3  = 11,
    MNN_FORWARD_ALL     = 12,
    MNN_FORWARD_CPU_EXTENSION = 13,
} MNNForwardType;

#endif // MNNForwardType_h
