// Error, Result and Status: how every library function of trustgate (the
// Cedar engine and the domain alike) reports failure.
//
// Library code never throws across its public API, never prints and never
// exits; it returns an Error the caller can show. An Error has a kind (so a
// server maps it to an HTTP status and the CLI to an exit code without
// reading the message), a message for people, and, when it is about an input
// field, that field as a JSON Pointer (RFC 6901, e.g. "/instrument/type").
// Result<T> holds either a T or an Error (never both, never neither).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace base {

// A position in a source text. Lines and columns start at 1; 0 means unknown.
struct SourceLoc {
  uint32_t offset = 0;
  uint32_t line = 0;
  uint32_t column = 0;
};

enum class ErrorKind : uint8_t {
  InvalidArgument,  // the input is wrong (a bad field, a malformed file)
  NotFound,         // no such case, entry, jurisdiction...
  Conflict,         // a forbidden transition, or a clash with what exists
  Corruption,       // stored data is damaged or was altered
  IO,               // the operating system failed (read, write, fsync...)
  Busy,             // another process holds what is needed (a lock)
  PermissionDenied  // the caller may not do this
};

// "invalid argument", "not found", ... for messages.
std::string_view error_kind_name(ErrorKind kind);

struct Error {
  std::string message;
  SourceLoc loc;  // where in the input, when the error comes from parsing text
  ErrorKind kind = ErrorKind::InvalidArgument;
  std::string field;  // JSON Pointer of the bad input field; empty when none

  // "<field>: <line>:<column>: <message>", each prefix only when known.
  std::string describe() const;
};

// Constructors for the common cases.
Error invalid_field(std::string field, std::string message);  // kind InvalidArgument
Error not_found(std::string message);
Error conflict(std::string message);
Error corruption(std::string message);
Error io_error(std::string message);
Error busy(std::string message);
Error permission_denied(std::string message);

// The pointer `parent` extended by one member name or array index, with '~'
// and '/' escaped as RFC 6901 says ("/facts" + "a/b" -> "/facts/a~1b").
std::string pointer_append(std::string_view parent, std::string_view token);
std::string pointer_append(std::string_view parent, size_t index);

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(state_); }
  Error&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

// Result of an operation that yields nothing but may fail.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT
  static Status Ok() { return Status(); }

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool failed_ = false;
};

}  // namespace base
