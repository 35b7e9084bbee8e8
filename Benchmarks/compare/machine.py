"""The machine and software description of a comparison run (harness.py): the CPU model and the flags the
native kernels choose by (avx2, fma, every avx512*), RAM, OS, Linux kernel, and the versions of Swift,
OpenBLAS, oneDNN, Python, torch, onnxruntime, onnx and numpy."""
import json
import os
import platform
import subprocess


def command_output(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=120).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine_description(python):
    info = {"cpu_model": "", "cores": os.cpu_count(), "ram_gib": None, "flags": []}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name") and not info["cpu_model"]:
                    info["cpu_model"] = line.split(":", 1)[1].strip()
                if line.startswith("flags") and not info["flags"]:
                    flags = line.split(":", 1)[1].split()
                    # Every AVX-512 subset the CPU has, plus AVX2 / FMA (what the native kernels choose by).
                    info["flags"] = ([f for f in ("avx2", "fma") if f in flags]
                                     + sorted(f for f in flags if f.startswith("avx512"))
                                     + [f for f in ("amx_tile",) if f in flags])
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    info["ram_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    info["kernel"] = platform.release()
    os_release = command_output(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"])
    info["os"] = os_release
    dpkg = command_output(["dpkg-query", "-W", "-f", "${Package} ${Version}\\n",
                           "libopenblas0-pthread", "libopenblas0-openmp", "libdnnl2"])
    versions = {
        "swift": command_output(["swift", "--version"]).splitlines()[0] if command_output(["swift", "--version"]) else "",
        "debian_packages": [line for line in dpkg.splitlines() if len(line.split()) == 2],
    }
    # onnx / onnxruntime are optional here (a torch-only environment can still run the whole-model cases).
    script = ("import sys, json, numpy, torch\n"
              "try:\n    import onnx, onnxruntime\n    ov, ortv = onnx.__version__, onnxruntime.__version__\n"
              "except ImportError:\n    ov = ortv = 'not installed'\n"
              "dnn=[l.strip(' -') for l in torch.__config__.show().splitlines() if 'DNN' in l]\n"
              "print(json.dumps({'python': sys.version.split()[0], 'torch': torch.__version__,"
              "'torch_onednn': dnn[0] if dnn else '', 'onnxruntime': ortv,"
              "'onnx': ov, 'numpy': numpy.__version__}))")
    try:
        versions.update(json.loads(command_output([python, "-c", script])))
    except json.JSONDecodeError:
        versions["python_peers"] = "unavailable"
    return info, versions
