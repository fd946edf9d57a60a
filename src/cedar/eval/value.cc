#include "cedar/value.h"

#include <algorithm>

namespace cedar {

Value Value::boolean(bool b) {
  Value v;
  v.kind_ = Kind::Bool;
  v.b_ = b;
  return v;
}

Value Value::integer(int64_t i) {
  Value v;
  v.kind_ = Kind::Long;
  v.i_ = i;
  return v;
}

Value Value::string(std::string s) {
  Value v;
  v.kind_ = Kind::String;
  v.ptr_ = std::make_shared<const std::string>(std::move(s));
  return v;
}

Value Value::entity(EntityUid uid) {
  Value v;
  v.kind_ = Kind::Entity;
  v.ptr_ = std::make_shared<const EntityUid>(std::move(uid));
  return v;
}

Value Value::borrowed_entity(const EntityUid& uid) {
  Value v;
  v.kind_ = Kind::Entity;
  v.ptr_ = std::shared_ptr<const void>(std::shared_ptr<const void>(), &uid);  // aliasing, no owner
  return v;
}

Value Value::set(std::vector<Value> elements) {
  std::sort(elements.begin(), elements.end());
  elements.erase(std::unique(elements.begin(), elements.end()), elements.end());
  Value v;
  v.kind_ = Kind::Set;
  v.ptr_ = std::make_shared<const ValueSet>(std::move(elements));
  return v;
}

Value Value::record(Record fields) {
  Value v;
  v.kind_ = Kind::Record;
  v.ptr_ = std::make_shared<const Record>(std::move(fields));
  return v;
}

Value Value::extension(ExtensionValue ext) {
  Value v;
  v.kind_ = Kind::Extension;
  v.ptr_ = std::make_shared<const ExtensionValue>(std::move(ext));
  return v;
}

const Value* Value::field(std::string_view name) const {
  const Record& r = as_record();
  auto it = std::lower_bound(r.begin(), r.end(), name,
                             [](const auto& f, std::string_view n) { return f.first < n; });
  if (it == r.end() || it->first != name) return nullptr;
  return &it->second;
}

bool Value::set_contains(const Value& v) const {
  const ValueSet& s = as_set();
  return std::binary_search(s.begin(), s.end(), v);
}

namespace {

template <class T>
int three_way(const T& a, const T& b) {
  auto c = a <=> b;
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int compare_sets(const ValueSet& a, const ValueSet& b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    if (int c = Value::compare(a[i], b[i])) return c;
  }
  return three_way(a.size(), b.size());
}

int compare_records(const Record& a, const Record& b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    if (int c = a[i].first.compare(b[i].first)) return c < 0 ? -1 : 1;
    if (int c = Value::compare(a[i].second, b[i].second)) return c;
  }
  return three_way(a.size(), b.size());
}

}  // namespace

int Value::compare(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return a.kind_ < b.kind_ ? -1 : 1;
  switch (a.kind_) {
    case Kind::Bool:
      return three_way(a.b_, b.b_);
    case Kind::Long:
      return three_way(a.i_, b.i_);
    case Kind::String:
      if (a.ptr_ == b.ptr_) return 0;
      return three_way(a.as_string(), b.as_string());
    case Kind::Entity:
      if (a.ptr_ == b.ptr_) return 0;
      return three_way(a.as_entity(), b.as_entity());
    case Kind::Set:
      if (a.ptr_ == b.ptr_) return 0;
      return compare_sets(a.as_set(), b.as_set());
    case Kind::Record:
      if (a.ptr_ == b.ptr_) return 0;
      return compare_records(a.as_record(), b.as_record());
    case Kind::Extension: {
      const ExtensionValue& x = a.as_extension();
      const ExtensionValue& y = b.as_extension();
      if (x.index() != y.index()) return x.index() < y.index() ? -1 : 1;
      return std::visit(
          [&y](const auto& xv) {
            using T = std::decay_t<decltype(xv)>;
            return three_way(xv, std::get<T>(y));
          },
          x);
    }
  }
  return 0;
}

bool sort_record(Record& fields) {
  std::sort(fields.begin(), fields.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 1; i < fields.size(); ++i) {
    if (fields[i - 1].first == fields[i].first) return false;
  }
  return true;
}

std::string escape_string(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\0':
        out += "\\0";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          static const char* hex = "0123456789abcdef";
          out += "\\u{";
          out += hex[c >> 4];
          out += hex[c & 15];
          out += "}";
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

std::string EntityUid::to_string() const { return type + "::\"" + escape_string(id) + "\""; }

std::string Value::to_string() const {
  switch (kind_) {
    case Kind::Bool:
      return b_ ? "true" : "false";
    case Kind::Long:
      return std::to_string(i_);
    case Kind::String:
      return "\"" + escape_string(as_string()) + "\"";
    case Kind::Entity:
      return as_entity().to_string();
    case Kind::Set: {
      std::string out = "[";
      for (size_t i = 0; i < as_set().size(); ++i) {
        if (i) out += ", ";
        out += as_set()[i].to_string();
      }
      return out + "]";
    }
    case Kind::Record: {
      std::string out = "{";
      for (size_t i = 0; i < as_record().size(); ++i) {
        if (i) out += ", ";
        out +=
            "\"" + escape_string(as_record()[i].first) + "\": " + as_record()[i].second.to_string();
      }
      return out + "}";
    }
    case Kind::Extension:
      return extension_to_string(as_extension());
  }
  return "";
}

std::string kind_name(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Bool:
      return "bool";
    case Value::Kind::Long:
      return "long";
    case Value::Kind::String:
      return "string";
    case Value::Kind::Entity:
      return "entity";
    case Value::Kind::Set:
      return "set";
    case Value::Kind::Record:
      return "record";
    case Value::Kind::Extension:
      return extension_type_name(v.as_extension());
  }
  return "";
}

}  // namespace cedar
