// Clean-room, MNN-compatible base that forbids copying.
#ifndef NonCopyable_hpp
#define NonCopyable_hpp

namespace MNN {
class NonCopyable {
public:
    NonCopyable()                    = default;
    NonCopyable(const NonCopyable&)  = delete;
    NonCopyable(const NonCopyable&&) = delete;
    NonCopyable& operator=(const NonCopyable&)  = delete;
    NonCopyable& operator=(const NonCopyable&&) = delete;
};
} // namespace MNN

#endif // NonCopyable_hpp
