/* Failures a test asks of the emulator or of one of its libraries, by function name: after `passing` calls that work,
 * the next `failing` calls of one function fail with a given result, and that function's calls are counted. Each
 * library has its own (emu_runtime.cpp, fake_driver.cpp, fake_cublas.cpp, fake_cudnn.cpp), set through its test
 * hooks. */
#ifndef JACE_EMU_INJECTED_FAILURES_H
#define JACE_EMU_INJECTED_FAILURES_H

#include <atomic>
#include <mutex>
#include <string>

namespace jace_emu {

class InjectedFailures {
public:
    /* Replaces the last request (a null function or no failing call: none); returns how many calls it failed. */
    long long request(const char *function, int passing, int failing, int result) {
        std::lock_guard<std::mutex> hold(lock_);
        const long long previous = failed_;
        function_ = function == nullptr || failing <= 0 ? "" : function;
        passing_ = passing;
        failing_ = failing;
        result_ = result;
        failed_ = 0;
        calls_ = 0;
        active_ = !function_.empty();
        return previous;
    }

    /* Whether this call of `function` fails by the request; if so, *result is what it returns. */
    bool fails(const char *function, int *result) {
        if (!active_) return false;
        std::lock_guard<std::mutex> hold(lock_);
        if (function_ != function) return false;
        ++calls_;
        if (failing_ == 0) return false;
        if (passing_ > 0) {
            --passing_;
            return false;
        }
        --failing_;
        ++failed_;
        *result = result_;
        return true;
    }

    /* Calls of the requested function since the request, the failed ones included. */
    long long calls() {
        std::lock_guard<std::mutex> hold(lock_);
        return calls_;
    }

private:
    std::mutex lock_;
    std::string function_; /* empty: no request */
    int passing_ = 0;
    int failing_ = 0;
    int result_ = 0;
    long long failed_ = 0;
    long long calls_ = 0;
    std::atomic<bool> active_{false}; /* whether a request names a function: the others skip the lock */
};

}  // namespace jace_emu

#endif
