// The flatbuffers::Table emulation over the op's JSON: field lookup with schema defaults, enum
// names, and views (typed vectors, strings, nested tables) built once per JSON value and kept for
// the op's lifetime. Views are built under a lock because a kernel may read parameters from
// several threads.
#include <cstdio>
#include <mutex>

#include "flatbuffers/flatbuffers.h"
#include "json.hpp"

namespace flatbuffers {
using detail::JsonValue;
using detail::JsonView;

namespace {
std::mutex gViewMutex;

const JsonValue* field(const JsonValue* node, const char* name) {
    const JsonValue* v = node ? node->find(name) : nullptr;
    return (v && v->kind != JsonValue::Null) ? v : nullptr;
}

// The view of type V on `v`, built by `build` the first time.
template <typename V, typename Build>
const V* viewOf(const JsonValue* v, Build build) {
    std::lock_guard<std::mutex> lock(gViewMutex);
    for (auto& existing : v->views) {
        if (auto* typed = dynamic_cast<V*>(existing.get())) {
            return typed;
        }
    }
    V* made = build();
    v->views.emplace_back(made);
    return made;
}

double numberOf(const JsonValue& v) {
    if (v.kind == JsonValue::Number) {
        return v.isInteger ? (double)v.integer : v.number;
    }
    return v.kind == JsonValue::Bool ? (v.boolean ? 1.0 : 0.0) : 0.0;
}

int64_t integerOf(const JsonValue& v) {
    if (v.kind == JsonValue::Number) {
        return v.isInteger ? v.integer : (int64_t)v.number;
    }
    return v.kind == JsonValue::Bool ? (v.boolean ? 1 : 0) : 0;
}

struct StringView : JsonView {
    explicit StringView(const std::string& s) : value(s.c_str(), (uoffset_t)s.size()) {}
    String value;
};

template <typename T>
struct VectorView : JsonView {
    std::vector<T> storage;
    Vector<T> value{nullptr, 0};
};
// std::vector<bool> has no data(): store bools as bytes of the same size.
template <>
struct VectorView<bool> : JsonView {
    std::unique_ptr<bool[]> storage;
    Vector<bool> value{nullptr, 0};
};

struct StringVectorView : JsonView {
    std::vector<String> strings;
    std::vector<const String*> pointers;
    Vector<Offset<String>> value{nullptr, 0};
};

struct TableView : JsonView {
    std::unique_ptr<Table> table;
};

struct TableVectorView : JsonView {
    std::vector<std::unique_ptr<Table>> tables;
    std::vector<const Table*> pointers;
    Vector<Offset<Table>> value{nullptr, 0};
};
} // namespace

bool Table::CheckField(const char* name) const {
    return field(mNode, name) != nullptr;
}

int64_t Table::GetInt(const char* name, int64_t defaultValue) const {
    const JsonValue* v = field(mNode, name);
    return (v && (v->kind == JsonValue::Number || v->kind == JsonValue::Bool)) ? integerOf(*v) : defaultValue;
}

double Table::GetFloat(const char* name, double defaultValue) const {
    const JsonValue* v = field(mNode, name);
    return (v && (v->kind == JsonValue::Number || v->kind == JsonValue::Bool)) ? numberOf(*v) : defaultValue;
}

bool Table::GetBool(const char* name, bool defaultValue) const {
    const JsonValue* v = field(mNode, name);
    return (v && (v->kind == JsonValue::Number || v->kind == JsonValue::Bool)) ? numberOf(*v) != 0.0 : defaultValue;
}

int64_t Table::GetEnum(const char* name, EnumTable table, int64_t defaultValue) const {
    const JsonValue* v = field(mNode, name);
    if (!v) {
        return defaultValue;
    }
    if (v->kind == JsonValue::String) {
        for (int i = 0; i < table.count; ++i) {
            if (v->text == table.entries[i].name) {
                return table.entries[i].value;
            }
        }
        fprintf(stderr, "warning: unknown enum name '%s' for field '%s'; using the schema default\n", v->text.c_str(),
                name);
        return defaultValue;
    }
    return integerOf(*v);
}

const String* Table::GetString(const char* name) const {
    const JsonValue* v = field(mNode, name);
    if (!v || v->kind != JsonValue::String) {
        return nullptr;
    }
    return &viewOf<StringView>(v, [v] { return new StringView(v->text); })->value;
}

template <typename T>
const Vector<T>* Table::GetVector(const char* name) const {
    const JsonValue* v = field(mNode, name);
    if (!v || v->kind != JsonValue::Array) {
        return nullptr;
    }
    return &viewOf<VectorView<T>>(v, [v] {
                auto* view = new VectorView<T>;
                size_t n   = v->items.size();
                if constexpr (std::is_same<T, bool>::value) {
                    view->storage.reset(new bool[n + 1]);
                    for (size_t i = 0; i < n; ++i) view->storage[i] = numberOf(v->items[i]) != 0.0;
                    view->value = Vector<bool>(view->storage.get(), (uoffset_t)n);
                } else {
                    view->storage.resize(n);
                    for (size_t i = 0; i < n; ++i) {
                        view->storage[i] = std::is_floating_point<T>::value ? (T)numberOf(v->items[i])
                                                                            : (T)integerOf(v->items[i]);
                    }
                    view->value = Vector<T>(view->storage.data(), (uoffset_t)n);
                }
                return view;
            })->value;
}

template const Vector<int8_t>* Table::GetVector<int8_t>(const char*) const;
template const Vector<uint8_t>* Table::GetVector<uint8_t>(const char*) const;
template const Vector<int16_t>* Table::GetVector<int16_t>(const char*) const;
template const Vector<uint16_t>* Table::GetVector<uint16_t>(const char*) const;
template const Vector<int32_t>* Table::GetVector<int32_t>(const char*) const;
template const Vector<uint32_t>* Table::GetVector<uint32_t>(const char*) const;
template const Vector<int64_t>* Table::GetVector<int64_t>(const char*) const;
template const Vector<uint64_t>* Table::GetVector<uint64_t>(const char*) const;
template const Vector<float>* Table::GetVector<float>(const char*) const;
template const Vector<double>* Table::GetVector<double>(const char*) const;
template const Vector<bool>* Table::GetVector<bool>(const char*) const;

const Vector<Offset<String>>* Table::GetStringVector(const char* name) const {
    const JsonValue* v = field(mNode, name);
    if (!v || v->kind != JsonValue::Array) {
        return nullptr;
    }
    return &viewOf<StringVectorView>(v, [v] {
                auto* view = new StringVectorView;
                view->strings.reserve(v->items.size());
                for (auto& item : v->items) {
                    view->strings.emplace_back(item.text.c_str(), (uoffset_t)item.text.size());
                }
                for (auto& s : view->strings) view->pointers.push_back(&s);
                view->value = Vector<Offset<String>>(view->pointers.data(), (uoffset_t)view->pointers.size());
                return view;
            })->value;
}

const Table* Table::GetTableImpl(const char* name, MakeFn make) const {
    const JsonValue* v = field(mNode, name);
    if (!v || v->kind != JsonValue::Object) {
        return nullptr;
    }
    return viewOf<TableView>(v, [v, make] {
               auto* view = new TableView;
               view->table.reset(make(v));
               return view;
           })->table.get();
}

const Vector<Offset<Table>>* Table::GetTableVectorImpl(const char* name, MakeFn make) const {
    const JsonValue* v = field(mNode, name);
    if (!v || v->kind != JsonValue::Array) {
        return nullptr;
    }
    return &viewOf<TableVectorView>(v, [v, make] {
                auto* view = new TableVectorView;
                for (auto& item : v->items) {
                    view->tables.emplace_back(make(&item));
                    view->pointers.push_back(view->tables.back().get());
                }
                view->value = Vector<Offset<Table>>(view->pointers.data(), (uoffset_t)view->pointers.size());
                return view;
            })->value;
}

} // namespace flatbuffers
