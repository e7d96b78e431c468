// Guarded tensor buffers (see guarded.hpp).
#include "guarded.hpp"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

namespace mkb {

static void fillPoison(uint8_t* begin, uint8_t* end) {
    // Word-aligned start, so whole words can be stored.
    while (begin < end && ((uintptr_t)begin & 3) != 0) {
        *begin = poisonByte(begin);
        ++begin;
    }
    const uint32_t word = 0x7FA5A5A5u; // little-endian A5 A5 A5 7F
    for (; begin + 4 <= end; begin += 4) {
        memcpy(begin, &word, 4);
    }
    for (; begin < end; ++begin) {
        *begin = poisonByte(begin);
    }
}

// First byte in [begin, end) that is not poison, or nullptr.
static const uint8_t* firstDamaged(const uint8_t* begin, const uint8_t* end) {
    for (const uint8_t* p = begin; p < end; ++p) {
        if (*p != poisonByte(p)) {
            return p;
        }
    }
    return nullptr;
}

GuardedBuffer::~GuardedBuffer() {
    if (mMap) {
        munmap(mMap, mMapSize);
    }
}

bool GuardedBuffer::allocate(size_t bytes, std::string& error) {
    if (bytes > ((size_t)1 << 40)) {
        error = "tensor of " + std::to_string(bytes) + " bytes is too large";
        return false;
    }
    const size_t page    = (size_t)sysconf(_SC_PAGESIZE);
    const size_t body    = (bytes + 63) / 64 * 64 + 64; // data rounded to 64 + the trailing guard
    const size_t zone    = (body + 64 + page - 1) / page * page; // + at least 64 bytes of leading guard
    mMapSize = zone + 2 * page;
    void* m  = mmap(nullptr, mMapSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) {
        mMap  = nullptr;
        error = "mmap of " + std::to_string(mMapSize) + " bytes failed";
        return false;
    }
    mMap = (uint8_t*)m;
    if (mprotect(mMap, page, PROT_NONE) != 0 || mprotect(mMap + page + zone, page, PROT_NONE) != 0) {
        error = "mprotect of a guard page failed";
        return false;
    }
    mZoneBegin = mMap + page;
    mZoneEnd   = mZoneBegin + zone;
    mData      = mZoneEnd - body;
    mSize      = bytes;
    poisonAll();
    return true;
}

void GuardedBuffer::poisonAll() {
    fillPoison(mZoneBegin, mZoneEnd);
}

void GuardedBuffer::poisonGuards() {
    fillPoison(mZoneBegin, mData);
    fillPoison(mData + mSize, mZoneEnd);
}

bool GuardedBuffer::guardsIntact(long long& offset) const {
    if (const uint8_t* p = firstDamaged(mZoneBegin, mData)) {
        offset = (long long)(p - mData);
        return false;
    }
    if (const uint8_t* p = firstDamaged(mData + mSize, mZoneEnd)) {
        offset = (long long)(p - (mData + mSize));
        return false;
    }
    return true;
}

} // namespace mkb
