"""Independent reference for scaleplan's inference-aware planner (Sardana & Frankle 2024).

Solves the same problems with scipy.optimize.brentq, written from the paper's formulas rather
than from the Swift code: for a quality target l, minimise cost(N, D_tr) subject to
L(N, D_tr) = l, parametrised by N, with D_tr(N) = (B / (l - E - A N^-alpha))^(1/beta).
The optimum solves d cost / d log N = 0 along the curve; brentq finds it on
(N_min, N_chinchilla] in log N.

    python3 reference.py check            # the paper's figures and the dollar-objective values
    python3 reference.py sweep N          # N-point demand sweep (1e9..1e16 tokens), as CSV
    python3 reference.py bench K          # in-process timing: K plans per second
"""
import math
import sys
import time

from scipy.optimize import brentq

# Sardana & Frankle's coefficient set (chinchilla-sardana).
E, A, B, ALPHA, BETA = 1.69, 406.4, 410.7, 0.336, 0.283


def quality_loss(n):
    """Loss of the Chinchilla-optimal model with n params: alpha A n^-a = beta B d^-b."""
    return E + A * n ** -ALPHA * (1 + ALPHA / BETA)


def tokens_on_curve(n, loss):
    return (B / (loss - E - A * n ** -ALPHA)) ** (1 / BETA)


def chinchilla(loss):
    """Chinchilla-optimal (N, D) of a given loss: A N^-a = R beta/(alpha+beta)."""
    r = loss - E
    n = (A / (r * BETA / (ALPHA + BETA))) ** (1 / ALPHA)
    return n, tokens_on_curve(n, loss)


def optimum(loss, k_nd, k_n):
    """Minimise k_nd*N*D + k_n*N on L(N, D) = loss.

    d/dlogN of the cost along the curve, with dlogD/dlogN = -(alpha A N^-a)/(beta B D^-b):
    g(N) = k_nd*N*D*(1 + dlogD/dlogN) + k_n*N. Root by brentq in log N.
    """
    n_chin, _ = chinchilla(loss)
    if k_n == 0:
        return chinchilla(loss)
    n_min = (A / (loss - E)) ** (1 / ALPHA)

    def g(log_n):
        n = math.exp(log_n)
        d = tokens_on_curve(n, loss)
        slope = -(ALPHA * A * n ** -ALPHA) / (BETA * B * d ** -BETA)
        return k_nd * n * d * (1 + slope) + k_n * n

    lo = math.log(n_min) + 1e-12 * abs(math.log(n_min))
    # g(lo) -> -inf (D blows up), g(log n_chin) = k_n*n > 0.
    log_n = brentq(g, lo, math.log(n_chin), xtol=1e-14, rtol=1e-15, maxiter=500)
    n = math.exp(log_n)
    return n, tokens_on_curve(n, loss)


def flops_plan(quality_params, inference_tokens):
    loss = quality_loss(quality_params)
    n, d = optimum(loss, 6.0, 2.0 * inference_tokens)
    nc, dc = chinchilla(loss)
    total = 6 * n * d + 2 * n * inference_tokens
    total_c = 6 * nc * dc + 2 * nc * inference_tokens
    return n, d, nc, dc, total, total_c


def cost_weights(inputs, outputs, train_price, train_peak, train_mfu, infer_price, infer_peak,
                 prefill_mfu, decode_mfu):
    """Dollar weights: cost = 6 N D c_tr/u_tr + 2 N c_inf (D_in/u_prefill + D_out/u_decode),
    c = price per hour / (3600 * peak FLOP/s)."""
    c_tr = train_price / (3600 * train_peak)
    c_inf = infer_price / (3600 * infer_peak)
    return 6 * c_tr / train_mfu, 2 * c_inf * (inputs / prefill_mfu + outputs / decode_mfu)


def check():
    for nq, dinf in [(13e9, 2e12), (7e9, 1e11), (30e9, 1e13), (70e9, 1e13)]:
        n, d, nc, dc, t, tc = flops_plan(nq, dinf)
        print(f"quality-of {nq:.3g}, demand {dinf:.3g}: N={n:.10g} D={d:.10g} "
              f"D/Dc={d / dc:.6f} Nc={nc:.10g} Dc={dc:.10g} saved={tc - t:.6g} frac={(tc - t) / tc:.6f}")
    # Dollar objective: 1e9 requests of 70 + 215 tokens, Chinchilla-30B quality;
    # training on A100-80GB bf16 (312e12 FLOP/s) at $1.80/h, MFU 0.5; inference on
    # H100-SXM int8 (1979e12 OP/s) at $3.00/h, prefill MFU 0.5, decode MFU 0.01.
    loss = quality_loss(30e9)
    k_nd, k_n = cost_weights(70e9, 215e9, 1.8, 312e12, 0.5, 3.0, 1979e12, 0.5, 0.01)
    n, d = optimum(loss, k_nd, k_n)
    nc, dc = chinchilla(loss)
    cost = k_nd * n * d + k_n * n
    cost_c = k_nd * nc * dc + k_n * nc
    print(f"dollar objective: N={n:.12g} D={d:.12g} cost={cost:.12g} chinchilla cost={cost_c:.12g}")


def sweep(points):
    loss = quality_loss(30e9)
    rows = ["inference-tokens,params,tokens,tokens_per_param,loss,total_flops,chinchilla_params,flops_fraction"]
    for i in range(points):
        dinf = 10 ** (9 + 7 * i / (points - 1))
        n, d, ratio, total, nc, saved = plan(loss, dinf)
        rows.append(f"{dinf!r},{n!r},{d!r},{ratio!r},{loss!r},{total!r},{nc!r},{saved!r}")
    print("\n".join(rows))


def plan(loss, dinf):
    """What one `scaleplan` plan computes: the optimum, Chinchilla's model of the same loss,
    training/inference/total FLOPs of both, and the saving."""
    n, d = optimum(loss, 6.0, 2.0 * dinf)
    nc, dc = chinchilla(loss)
    total, total_c = 6 * n * d + 2 * n * dinf, 6 * nc * dc + 2 * nc * dinf
    return n, d, d / n, total, nc, 1 - total / total_c


def bench(k):
    """K plans of a demand sweep 1e9..1e16 tokens at Chinchilla-30B quality, in-process."""
    loss = quality_loss(30e9)
    start = time.perf_counter()
    for i in range(k):
        plan(loss, 10 ** (9 + 7 * i / max(k - 1, 1)))
    elapsed = time.perf_counter() - start
    print(f"scipy brentq: {k} plans in {elapsed:.3f} s = {k / elapsed:.0f} plans/s")


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "check"
    if what == "check":
        check()
    elif what == "sweep":
        sweep(int(sys.argv[2]))
    elif what == "bench":
        bench(int(sys.argv[2]))
