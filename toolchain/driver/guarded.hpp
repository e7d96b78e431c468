// Driver-private: a tensor buffer in its own mapping,
//     [PROT_NONE page][guard zone][data][guard zone][PROT_NONE page],
// with the data 64-byte aligned and both guard zones at least 64 bytes of poison, so a small
// overrun is found by checkGuards and a large one faults at once. The guard after the data is kept
// short (64..127 bytes) since overruns past the end are the common case.
#ifndef MKB_DRIVER_GUARDED_HPP
#define MKB_DRIVER_GUARDED_HPP

#include <stddef.h>
#include <stdint.h>
#include <string>

namespace mkb {

class GuardedBuffer {
public:
    GuardedBuffer() = default;
    ~GuardedBuffer();
    GuardedBuffer(const GuardedBuffer&) = delete;
    GuardedBuffer& operator=(const GuardedBuffer&) = delete;

    // Maps room for `bytes` of data; false (with `error` set) on failure.
    bool allocate(size_t bytes, std::string& error);
    uint8_t* data() const { return mData; }
    size_t size() const { return mSize; }

    // Poison in the data and both guard zones / in the guard zones only.
    void poisonAll();
    void poisonGuards();
    // True when both guard zones still hold poison. Otherwise `offset` is the first changed byte:
    // relative to the end of the data after it (>= 0), relative to the start before it (< 0).
    bool guardsIntact(long long& offset) const;

private:
    uint8_t* mMap   = nullptr;
    size_t mMapSize = 0;
    uint8_t* mZoneBegin = nullptr; // first byte after the leading PROT_NONE page
    uint8_t* mZoneEnd   = nullptr; // the trailing PROT_NONE page
    uint8_t* mData      = nullptr;
    size_t mSize        = 0;
};

// The poison byte at address `p`: A5 A5 A5 7F per 4-byte word (a float NaN, 0x7FA5A5A5 as int32).
inline uint8_t poisonByte(const void* p) {
    return ((uintptr_t)p & 3) == 3 ? 0x7F : 0xA5;
}

} // namespace mkb

#endif // MKB_DRIVER_GUARDED_HPP
