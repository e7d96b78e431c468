// Driver-private: a small JSON value, parser and writer. The op object's values double as the
// storage behind the flatbuffers::Table emulation (tables.cpp), hence the namespace.
#ifndef MKB_DRIVER_JSON_HPP
#define MKB_DRIVER_JSON_HPP

#include <stdint.h>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace flatbuffers {
namespace detail {

// A view built from a value on first use (typed vector, string, table); see tables.cpp.
struct JsonView {
    virtual ~JsonView() = default;
};

struct JsonValue {
    enum Kind { Null, Bool, Number, String, Array, Object };
    Kind kind = Null;
    bool boolean = false;
    double number = 0.0;   // every number
    int64_t integer = 0;   // exact value when isInteger
    bool isInteger = false;
    std::string text;
    std::vector<JsonValue> items;                            // Array
    std::vector<std::pair<std::string, JsonValue>> members;  // Object, in file order
    mutable std::vector<std::unique_ptr<JsonView>> views;

    // Member `key` of an object; nullptr when absent or not an object.
    const JsonValue* find(const char* key) const;
};

// Parses `text`; on failure returns false and sets `error` (with the byte offset).
bool parseJson(const std::string& text, JsonValue& out, std::string& error);

} // namespace detail
} // namespace flatbuffers

namespace mkb {
using flatbuffers::detail::JsonValue;

// Appends `s` as a JSON string literal.
void appendJsonString(std::string& out, const std::string& s);
} // namespace mkb

#endif // MKB_DRIVER_JSON_HPP
