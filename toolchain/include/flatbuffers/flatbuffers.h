// Clean-room stand-in for the slice of the flatbuffers C++ API that MNN kernels use to read op
// parameters. Tables here are views of the op's JSON (parsed by the driver), not binary buffers:
// accessors look a field up by name and fall back to the schema default when it is absent, exactly
// as generated flatbuffers code does for an unset field. Vectors and strings are materialised
// once and stay valid for the life of the op.
#ifndef FLATBUFFERS_EMULATION_H
#define FLATBUFFERS_EMULATION_H

#include <stdint.h>
#include <string>
#include <type_traits>

namespace flatbuffers {
namespace detail {
struct JsonValue; // defined by the driver
}

typedef uint32_t uoffset_t;

// One enumerator of a schema enum, for name <-> value resolution.
struct EnumEntry {
    const char* name;
    int64_t value;
};
struct EnumTable {
    const EnumEntry* entries;
    int count;
};
// Name of `value` in `table`, "" when it has none.
inline const char* EnumNameOf(EnumTable table, int64_t value) {
    for (int i = 0; i < table.count; ++i) {
        if (table.entries[i].value == value) {
            return table.entries[i].name;
        }
    }
    return "";
}

class String {
public:
    String(const char* data, uoffset_t size) : mData(data), mSize(size) {}
    const char* c_str() const { return mData; }
    const char* data() const { return mData; }
    std::string str() const { return std::string(mData, mSize); }
    uoffset_t size() const { return mSize; }
    uoffset_t Length() const { return mSize; }

private:
    const char* mData; // NUL-terminated
    uoffset_t mSize;
};

// Marks a vector of tables or strings: Vector<Offset<T>>::Get returns const T*.
template <typename T>
struct Offset {};

template <typename T>
class Vector {
public:
    typedef const T* const_iterator;
    Vector(const T* data, uoffset_t size) : mData(data), mSize(size) {}
    uoffset_t size() const { return mSize; }
    uoffset_t Length() const { return mSize; }
    T Get(uoffset_t i) const { return mData[i]; }
    T operator[](uoffset_t i) const { return mData[i]; }
    const T* data() const { return mData; }
    const_iterator begin() const { return mData; }
    const_iterator end() const { return mData + mSize; }

private:
    const T* mData;
    uoffset_t mSize;
};

template <typename T>
class Vector<Offset<T>> {
public:
    typedef const T* const* const_iterator;
    Vector(const T* const* data, uoffset_t size) : mData(data), mSize(size) {}
    uoffset_t size() const { return mSize; }
    uoffset_t Length() const { return mSize; }
    const T* Get(uoffset_t i) const { return mData[i]; }
    const T* operator[](uoffset_t i) const { return mData[i]; }
    const_iterator begin() const { return mData; }
    const_iterator end() const { return mData + mSize; }

private:
    const T* const* mData;
    uoffset_t mSize;
};

// Base of every schema table. The typed helpers take the field name and the schema default.
class Table {
public:
    explicit Table(const detail::JsonValue* node) : mNode(node) {}
    virtual ~Table() = default;
    Table(const Table&) = delete;
    Table& operator=(const Table&) = delete;

    // Whether the JSON has the field (and it is not null).
    bool CheckField(const char* field) const;

protected:
    // C++11 (MNN compiles its CPU files with -std=gnu++11): overloads pick the reader by the field's kind.
    template <typename T>
    T GetField(const char* field, T defaultValue) const {
        return GetFieldAs(field, defaultValue,
                          std::integral_constant<int, std::is_same<T, bool>::value         ? 0
                                                      : std::is_floating_point<T>::value ? 1
                                                      : std::is_enum<T>::value           ? 2
                                                                                         : 3>());
    }
    const String* GetString(const char* field) const;
    // T: int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t, int64_t, uint64_t, float, double, bool.
    template <typename T>
    const Vector<T>* GetVector(const char* field) const;
    const Vector<Offset<String>>* GetStringVector(const char* field) const;
    template <typename T>
    const T* GetTable(const char* field) const {
        return static_cast<const T*>(GetTableImpl(field, &MakeTable<T>));
    }
    template <typename T>
    const Vector<Offset<T>>* GetTableVector(const char* field) const {
        return reinterpret_cast<const Vector<Offset<T>>*>(GetTableVectorImpl(field, &MakeTable<T>));
    }

private:
    template <typename T>
    T GetFieldAs(const char* field, T d, std::integral_constant<int, 0>) const { return GetBool(field, d); }
    template <typename T>
    T GetFieldAs(const char* field, T d, std::integral_constant<int, 1>) const {
        return static_cast<T>(GetFloat(field, d));
    }
    template <typename T>
    T GetFieldAs(const char* field, T d, std::integral_constant<int, 2>) const {
        return static_cast<T>(GetEnum(field, EnumTableOf(static_cast<T*>(nullptr)), d));
    }
    template <typename T>
    T GetFieldAs(const char* field, T d, std::integral_constant<int, 3>) const {
        return static_cast<T>(GetInt(field, d));
    }
    typedef Table* (*MakeFn)(const detail::JsonValue*);
    template <typename T>
    static Table* MakeTable(const detail::JsonValue* node) {
        return new T(node);
    }
    int64_t GetInt(const char* field, int64_t defaultValue) const;
    double GetFloat(const char* field, double defaultValue) const;
    bool GetBool(const char* field, bool defaultValue) const;
    int64_t GetEnum(const char* field, EnumTable table, int64_t defaultValue) const;
    const Table* GetTableImpl(const char* field, MakeFn make) const;
    const Vector<Offset<Table>>* GetTableVectorImpl(const char* field, MakeFn make) const;

    const detail::JsonValue* mNode;
};

} // namespace flatbuffers

// Declares a schema enum `E` with enumerators E_NAME = value (flatbuffers' naming), the name
// table found by EnumTableOf, and EnumNameE(value). LIST(X) expands X(E, NAME, value) per entry.
#define FLATBUFFERS_ENUM_ITEM_(E, N, V) E##_##N = V,
#define FLATBUFFERS_ENUM_ENTRY_(E, N, V) {#N, V},
#define MNN_DEFINE_ENUM(E, BASE, LIST)                                                   \
    enum E : BASE { LIST(FLATBUFFERS_ENUM_ITEM_) };                                      \
    /* host-only: the emulation's name table */                                          \
    inline ::flatbuffers::EnumTable EnumTableOf(E*) {                                    \
        static const ::flatbuffers::EnumEntry entries[] = {LIST(FLATBUFFERS_ENUM_ENTRY_)}; \
        return {entries, (int)(sizeof(entries) / sizeof(entries[0]))};                  \
    }                                                                                    \
    inline const char* EnumName##E(E e) {                                               \
        return ::flatbuffers::EnumNameOf(EnumTableOf((E*)nullptr), (int64_t)e);          \
    }

#endif // FLATBUFFERS_EMULATION_H
