#!/usr/bin/env python3
"""The scipy side of Myocue's DSP benchmark (bench/dsp-bench.ts): the same chain on the same workload.

Chain per channel: sosfilt high-pass (butter 4, 20 Hz) -> sosfilt low-pass (butter 4, 450 Hz)
-> sosfilt notch (tf2sos(iirnotch(50, 30))) -> moving RMS over 100 ms (cumsum of squares, causal,
zero-padded start: the reference's method). The signal is an (channels, samples) float64 array
filtered along the last axis: each call runs scipy's C loop over every channel.

Input: band-limited noise with rep-shaped amplitude, 50 Hz hum and DC (not timed).
Timing: time.perf_counter, best of --runs. Prints one JSON object:
  stackedSamplesPerSecond   the chain as a scipy user writes it: all five sections stacked into ONE
                            sosfilt call + cumsum moving RMS; the faster of two layouts:
  stackedChannelsFirstSamplesPerSecond   on an (channels, N) array along the last axis,
  stackedInterleavedSamplesPerSecond     on an interleaved (N, channels) array along axis 0
                            (the layout a device stream and Myocue's chain use);
  samplesPerSecond          the older, weaker form: three sosfilt calls (HP, LP, notch), kept as a
                            second figure only.
blas: the OpenBLAS kernel numpy runs (threadpoolctl if installed, else OpenBLAS's own
get_corename through ctypes), so a run with a forced OPENBLAS_CORETYPE can be told apart.
The bench (dsp-bench.ts) runs this with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for this
command only (they are set on some machines for old OpenBLAS builds and slow a current numpy).

Run: python3 bench/scipy_chain.py [--channels 8] [--rate 2000] [--seconds 600] [--runs 3]
"""
import argparse
import json
import os
import sys
import time

try:
    import numpy as np
    from scipy import signal
    import scipy
except ImportError as err:  # reported as a note by dsp-bench.ts
    print(json.dumps({"error": f"numpy/scipy not available: {err}"}))
    sys.exit(0)


def make_input(channels, rate, seconds, seed=1):
    rng = np.random.default_rng(seed)
    n = int(rate * seconds)
    t = np.arange(n) / rate
    b, a = signal.butter(4, [30, 300], btype="bandpass", fs=rate)
    act = 0.05 + 0.95 * np.clip(np.sin(2 * np.pi * t / 3.0), 0, None) ** 2
    noise = signal.lfilter(b, a, rng.standard_normal((channels, n)), axis=-1)
    noise /= noise.std(axis=-1, keepdims=True)
    return 300.0 * act * noise + 30.0 * np.sin(2 * np.pi * 50.0 * t) + 120.0


def chain(x, rate, sos_hp, sos_lp, sos_notch, w):
    y = signal.sosfilt(sos_hp, x, axis=-1)
    y = signal.sosfilt(sos_lp, y, axis=-1)
    y = signal.sosfilt(sos_notch, y, axis=-1)
    sq = y * y
    csum = np.cumsum(sq, axis=-1)
    win = csum.copy()
    win[:, w:] -= csum[:, :-w]
    env = np.sqrt(np.maximum(win / w, 0.0))
    return y, env


def chain_stacked(x, sos_all, w):
    """The same chain with all five sections in ONE sosfilt call (the fastest way to use scipy here)."""
    y = signal.sosfilt(sos_all, x, axis=-1)
    csum = np.cumsum(y * y, axis=-1)
    win = csum.copy()
    win[:, w:] -= csum[:, :-w]
    return y, np.sqrt(np.maximum(win / w, 0.0))


def chain_stacked_interleaved(x_nc, sos_all, w):
    """The stacked chain on an interleaved (N, channels) array, filtering along axis 0."""
    y = signal.sosfilt(sos_all, x_nc, axis=0)
    csum = np.cumsum(y * y, axis=0)
    win = csum.copy()
    win[w:, :] -= csum[:-w, :]
    return y, np.sqrt(np.maximum(win / w, 0.0))


def blas_kernel():
    """Which OpenBLAS kernel numpy uses (None when it cannot be told)."""
    try:
        from threadpoolctl import threadpool_info
        for info in threadpool_info():
            if info.get("internal_api") in ("openblas", "scipy_openblas"):
                return f"{info.get('internal_api')} {info.get('version')} {info.get('architecture')} (threadpoolctl)"
    except ImportError:
        pass
    try:
        import ctypes
        import re
        with open("/proc/self/maps") as f:
            libs = sorted(set(re.findall(r"\S*openblas\S*\.so\S*", f.read())))
        for path in libs:
            lib = ctypes.CDLL(path)
            for name in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename", "openblas_get_corename64_", "openblas_get_corename"):
                fn = getattr(lib, name, None)
                if fn is not None:
                    fn.restype = ctypes.c_char_p
                    return f"OpenBLAS {fn().decode()} (get_corename)"
    except OSError:
        pass
    return None


def best_of(runs, fn):
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--channels", type=int, default=8)
    ap.add_argument("--rate", type=float, default=2000.0)
    ap.add_argument("--seconds", type=float, default=600.0)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    x = make_input(args.channels, args.rate, args.seconds)
    sos_hp = signal.butter(4, 20.0, btype="highpass", fs=args.rate, output="sos")
    sos_lp = signal.butter(4, 450.0, btype="lowpass", fs=args.rate, output="sos")
    sos_notch = signal.tf2sos(*signal.iirnotch(50.0, 30.0, fs=args.rate))
    w = int(round(100.0 * args.rate / 1000.0))
    sos_all = np.vstack([sos_hp, sos_lp, sos_notch])
    best = best_of(args.runs, lambda: chain(x, args.rate, sos_hp, sos_lp, sos_notch, w))
    best_stacked = best_of(args.runs, lambda: chain_stacked(x, sos_all, w))
    x_nc = np.ascontiguousarray(x.T)
    best_interleaved = best_of(args.runs, lambda: chain_stacked_interleaved(x_nc, sos_all, w))
    samples = x.size
    print(json.dumps({
        "samplesPerSecond": samples / best,
        "seconds": best,
        "stackedSamplesPerSecond": samples / min(best_stacked, best_interleaved),
        "stackedChannelsFirstSamplesPerSecond": samples / best_stacked,
        "stackedInterleavedSamplesPerSecond": samples / best_interleaved,
        "blas": blas_kernel(),
        "openblasEnv": {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")},
        "samples": samples,
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
    }))


if __name__ == "__main__":
    main()
