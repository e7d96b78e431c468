// Driver-private JSON parser and string escaping (see json.hpp).
#include "json.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace flatbuffers {
namespace detail {

const JsonValue* JsonValue::find(const char* key) const {
    if (kind != Object) {
        return nullptr;
    }
    for (auto& m : members) {
        if (m.first == key) {
            return &m.second;
        }
    }
    return nullptr;
}

namespace {
constexpr int kMaxDepth = 256;

class Parser {
public:
    explicit Parser(const std::string& s) : mS(s) {}

    bool parseDocument(JsonValue& out, std::string& error) {
        bool ok = value(out, 0);
        if (ok) {
            skipSpace();
            if (mPos != mS.size()) {
                ok = fail("trailing characters after the JSON value");
            }
        }
        if (!ok) {
            error = mError + " at byte " + std::to_string(mPos);
        }
        return ok;
    }

private:
    bool fail(const char* what) {
        if (mError.empty()) {
            mError = what;
        }
        return false;
    }
    void skipSpace() {
        while (mPos < mS.size() && (mS[mPos] == ' ' || mS[mPos] == '\t' || mS[mPos] == '\n' || mS[mPos] == '\r')) {
            ++mPos;
        }
    }
    bool consumeWord(const char* w) {
        size_t n = strlen(w);
        if (mS.compare(mPos, n, w) == 0) {
            mPos += n;
            return true;
        }
        return false;
    }
    bool value(JsonValue& v, int depth) {
        if (depth > kMaxDepth) {
            return fail("nesting too deep");
        }
        skipSpace();
        if (mPos >= mS.size()) {
            return fail("unexpected end of input");
        }
        char c = mS[mPos];
        if (c == '{') {
            return object(v, depth);
        }
        if (c == '[') {
            return array(v, depth);
        }
        if (c == '"') {
            v.kind = JsonValue::String;
            return string(v.text);
        }
        if (consumeWord("true")) {
            v.kind    = JsonValue::Bool;
            v.boolean = true;
            return true;
        }
        if (consumeWord("false")) {
            v.kind = JsonValue::Bool;
            return true;
        }
        if (consumeWord("null")) {
            v.kind = JsonValue::Null;
            return true;
        }
        return number(v);
    }
    bool object(JsonValue& v, int depth) {
        v.kind = JsonValue::Object;
        ++mPos;
        skipSpace();
        if (mPos < mS.size() && mS[mPos] == '}') {
            ++mPos;
            return true;
        }
        while (true) {
            skipSpace();
            if (mPos >= mS.size() || mS[mPos] != '"') {
                return fail("expected a member name");
            }
            std::string key;
            if (!string(key)) {
                return false;
            }
            skipSpace();
            if (mPos >= mS.size() || mS[mPos] != ':') {
                return fail("expected ':'");
            }
            ++mPos;
            v.members.emplace_back(std::move(key), JsonValue());
            if (!value(v.members.back().second, depth + 1)) {
                return false;
            }
            skipSpace();
            if (mPos < mS.size() && mS[mPos] == ',') {
                ++mPos;
                continue;
            }
            if (mPos < mS.size() && mS[mPos] == '}') {
                ++mPos;
                return true;
            }
            return fail("expected ',' or '}'");
        }
    }
    bool array(JsonValue& v, int depth) {
        v.kind = JsonValue::Array;
        ++mPos;
        skipSpace();
        if (mPos < mS.size() && mS[mPos] == ']') {
            ++mPos;
            return true;
        }
        while (true) {
            v.items.emplace_back();
            if (!value(v.items.back(), depth + 1)) {
                return false;
            }
            skipSpace();
            if (mPos < mS.size() && mS[mPos] == ',') {
                ++mPos;
                continue;
            }
            if (mPos < mS.size() && mS[mPos] == ']') {
                ++mPos;
                return true;
            }
            return fail("expected ',' or ']'");
        }
    }
    static void appendUtf8(std::string& out, uint32_t cp) {
        if (cp < 0x80) {
            out += (char)cp;
        } else if (cp < 0x800) {
            out += (char)(0xC0 | (cp >> 6));
            out += (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += (char)(0xE0 | (cp >> 12));
            out += (char)(0x80 | ((cp >> 6) & 0x3F));
            out += (char)(0x80 | (cp & 0x3F));
        } else {
            out += (char)(0xF0 | (cp >> 18));
            out += (char)(0x80 | ((cp >> 12) & 0x3F));
            out += (char)(0x80 | ((cp >> 6) & 0x3F));
            out += (char)(0x80 | (cp & 0x3F));
        }
    }
    bool hex4(uint32_t& cp) {
        if (mPos + 4 > mS.size()) {
            return fail("truncated \\u escape");
        }
        cp = 0;
        for (int i = 0; i < 4; ++i) {
            char h = mS[mPos++];
            cp <<= 4;
            if (h >= '0' && h <= '9') cp |= h - '0';
            else if (h >= 'a' && h <= 'f') cp |= h - 'a' + 10;
            else if (h >= 'A' && h <= 'F') cp |= h - 'A' + 10;
            else return fail("bad \\u escape");
        }
        return true;
    }
    bool string(std::string& out) {
        ++mPos; // opening quote
        while (mPos < mS.size()) {
            char c = mS[mPos++];
            if (c == '"') {
                return true;
            }
            if (c != '\\') {
                out += c;
                continue;
            }
            if (mPos >= mS.size()) {
                break;
            }
            char e = mS[mPos++];
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    uint32_t cp;
                    if (!hex4(cp)) {
                        return false;
                    }
                    // A surrogate pair encodes one code point above U+FFFF.
                    if (cp >= 0xD800 && cp < 0xDC00 && mS.compare(mPos, 2, "\\u") == 0) {
                        mPos += 2;
                        uint32_t lo;
                        if (!hex4(lo)) {
                            return false;
                        }
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    }
                    appendUtf8(out, cp);
                    break;
                }
                default: return fail("bad escape in string");
            }
        }
        return fail("unterminated string");
    }
    bool number(JsonValue& v) {
        v.kind = JsonValue::Number;
        // strtod also takes NaN / Infinity / nan / inf, as Python's json module and
        // flatbuffers' printer write them.
        const char* begin = mS.c_str() + mPos;
        char* end         = nullptr;
        v.number          = strtod(begin, &end);
        if (end == begin) {
            return fail("unexpected character");
        }
        size_t len = end - begin;
        if (strcspn(begin, ".eE") >= len) {
            errno       = 0;
            char* iend  = nullptr;
            long long i = strtoll(begin, &iend, 10);
            if (iend == end && errno == 0) {
                v.integer   = i;
                v.isInteger = true;
            }
        }
        mPos += len;
        return true;
    }

    const std::string& mS;
    size_t mPos = 0;
    std::string mError;
};
} // namespace

bool parseJson(const std::string& text, JsonValue& out, std::string& error) {
    Parser p(text);
    return p.parseDocument(out, error);
}

} // namespace detail
} // namespace flatbuffers

namespace mkb {
void appendJsonString(std::string& out, const std::string& s) {
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    snprintf(buf, sizeof(buf), "\\u%04x", c);
                    out += buf;
                } else {
                    out += (char)c;
                }
        }
    }
    out += '"';
}
} // namespace mkb
