"""What the PyTorch whole-application scripts (app_textgen.py, app_sentiment.py) share: the thread setup and
the peak memory they report."""
import os
import resource


def peak_rss_mb():
    """This process's peak resident set (VmHWM) in MB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return float(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def start_torch(threads, seed):
    """Sets every thread knob to `threads` (as the harness does for each process), seeds torch; returns it."""
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(threads)
    import torch
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(seed)
    return torch
