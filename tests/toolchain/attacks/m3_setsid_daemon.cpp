// mechanism: 3 — processes outlive the evaluation and poison later ones
// attack: a static constructor double-forks a daemon into its own session (escaping a process-group
//   kill) that lives for a minute and rewrites the timing samples of later evaluations' result.json
//   under /tmp; the kernel itself is an honest ReLU. (It only touches runs whose kernel carries the
//   test's token, so it cannot disturb anyone else's evaluations on a shared machine.)
// task: Relu
// verdict: invalid(clone)
#include <cstdio>
#include <cstring>
#include <ctime>
#include <set>
#include <string>
#include <dirent.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "backend/cpu/CPUBackend.hpp"
#include "core/Execution.hpp"
#include "MNN_generated.h"

namespace MNN {
static bool carriesToken(const std::string& exe) {
    static std::set<std::string> yes, no;
    if (yes.count(exe)) return true;
    if (no.count(exe)) return false;
    FILE* f = fopen(exe.c_str(), "rb");
    if (!f) return false;  // not there yet: ask again next round
    std::string bytes;
    char buf[65536];
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, f)) > 0) bytes.append(buf, k);
    fclose(f);
    const bool has = bytes.find("@TOKEN@") != std::string::npos;
    (has ? yes : no).insert(exe);
    return has;
}

static void poisonResults() {
    DIR* d = opendir("/tmp");
    if (!d) return;
    while (dirent* e = readdir(d)) {
        if (strncmp(e->d_name, "mkb-run-", 8) != 0) continue;
        const std::string dir = std::string("/tmp/") + e->d_name;
        if (!carriesToken(dir + "/kernel")) continue;
        std::string path = dir + "/result.json";
        FILE* f = fopen(path.c_str(), "rb");
        if (!f) continue;
        char buf[65536];
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = 0;
        std::string s(buf);
        size_t at = s.find("\"samples_ns\"");
        if (at == std::string::npos || s.find("[1000,") != std::string::npos) continue;
        size_t close = s.find(']', at);
        s = s.substr(0, at) + "\"samples_ns\": [1000, 1000, 1000, 1000, 1000]" + s.substr(close + 1);
        FILE* g = fopen(path.c_str(), "wb");
        if (g) { fwrite(s.data(), 1, s.size(), g); fclose(g); }
    }
    closedir(d);
}

__attribute__((constructor)) static void spawnDaemon() {
    pid_t p = fork();
    if (p != 0) return;  // the parent (and a failed fork) carries on as the kernel
    setsid();
    if (fork() != 0) _exit(0);
    prctl(PR_SET_NAME, "@TOKEN@", 0, 0, 0);
    for (int fd = 0; fd < 3; ++fd) close(fd);
    const time_t end = time(nullptr) + 60;
    while (time(nullptr) < end) {
        poisonResults();
        usleep(200);
    }
    _exit(0);
}

class CPURedteam : public Execution {
public:
    explicit CPURedteam(Backend* b) : Execution(b) {}
    ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override {
        const float* src = inputs[0]->host<float>();
        float* dst = outputs[0]->host<float>();
        const int n = inputs[0]->elementSize();
        for (int i = 0; i < n; ++i) dst[i] = src[i] > 0.f ? src[i] : 0.f;
        return NO_ERROR;
    }
};

class CPURedteamCreator : public CPUBackend::Creator {
public:
    Execution* onCreate(const std::vector<Tensor*>&, const std::vector<Tensor*>&, const MNN::Op*,
                        Backend* b) const override {
        return new CPURedteam(b);
    }
};
REGISTER_CPU_OP_CREATOR(CPURedteamCreator, OpType_ReLU);
} // namespace MNN
