/*
 * The paper's LSTM cell, forward and backward, in one pass over each gate's values: what libtorch does in about twenty
 * elementwise kernels (sigmoid, products, the cell state's tanh, their backward), each a pass through memory. The
 * layout is CoordinatewiseLstm's recorded one, [features, rows]: gate k of hidden unit j is row k·hidden + j, each a
 * contiguous run of `rows` values, gates ordered input, forget, output, cell candidate. The candidate's pre-activation
 * arrives doubled (CoordinatewiseLstm.Bind), so that tanh(g) = 2σ(2g) − 1 as on libtorch's path.
 */
#include <stdint.h>
#include <string.h>

#define L2L_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))

/* exp(x) for x in [-87.3, 88.3] (clamped), within 1 ulp (0.95 at most against double, measured over the range):
 * x = n ln 2 + r, |r| <= ln 2 / 2, exp(r) by a degree-6 polynomial, 2^n put into the exponent. No branches or library
 * calls, so that the loops vectorize. The sigmoid built on it is within 2.4 ulp. */
static inline float exp_clamped(float x)
{
    x = x < -87.3f ? -87.3f : (x > 88.3f ? 88.3f : x);
    const float shifter = 12582912.0f; /* 1.5 · 2^23: adding it rounds to the nearest integer */
    float n = (x * 1.44269504088896341f + shifter) - shifter;
    float r = x - n * 0.693145751953125f;
    r = r - n * 1.428606765330187045e-06f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * (r * r) + r + 1.0f;
    int32_t bits = ((int32_t)n + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

static inline float sigmoid(float x)
{
    return 1.0f / (1.0f + exp_clamped(-x));
}

/* tanh without cancellation near 0, within 2.2 ulp: an odd Taylor polynomial below |x| = 0.25 (the next term under
 * 3e-10 relative), and (1 − e)/(1 + e) with e = exp(−2|x|) above, where 1 − e >= 0.39. */
static inline float tanh_accurate(float x)
{
    float a = x < 0.0f ? -x : x;
    float a2 = a * a;
    float small = a + a * a2 * (-0.333333333333f + a2 * (0.133333333333f + a2 * (-0.0539682539683f + a2 * (0.0218694885362f + a2 * -0.00886323552990f))));
    float e = exp_clamped(-2.0f * a);
    float large = (1.0f - e) / (1.0f + e);
    float t = a < 0.25f ? small : large;
    return x < 0.0f ? -t : t;
}

/* gates [4·hidden, rows] → sigmoids [4·hidden, rows] (kept for the backward), the next cell state c′ and its tanh
 * [hidden, rows], and the next hidden state h′ = o ⊙ tanh(c′) [hidden, rows]; cell [hidden, rows] is c. */
L2L_CLONES
void l2l_lstm_cell_forward(const float *restrict gates, const float *restrict cell, float *restrict sigmoids, float *restrict next_cell, float *restrict next_cell_tanh,
                           float *restrict next_hidden, int64_t hidden, int64_t rows)
{
    for (int64_t j = 0; j < hidden; j++)
    {
        const float *restrict gi = gates + j * rows, *restrict gf = gates + (hidden + j) * rows, *restrict go = gates + (2 * hidden + j) * rows, *restrict gg = gates + (3 * hidden + j) * rows;
        float *restrict si = sigmoids + j * rows, *restrict sf = sigmoids + (hidden + j) * rows, *restrict so = sigmoids + (2 * hidden + j) * rows, *restrict sg = sigmoids + (3 * hidden + j) * rows;
        const float *restrict c = cell + j * rows;
        float *restrict cn = next_cell + j * rows, *restrict tn = next_cell_tanh + j * rows, *restrict hn = next_hidden + j * rows;
        for (int64_t r = 0; r < rows; r++)
        {
            float i = sigmoid(gi[r]), f = sigmoid(gf[r]), o = sigmoid(go[r]), g = sigmoid(gg[r]);
            si[r] = i;
            sf[r] = f;
            so[r] = o;
            sg[r] = g;
            float next = f * c[r] + i * (2.0f * g - 1.0f);
            float t = tanh_accurate(next);
            cn[r] = next;
            tn[r] = t;
            hn[r] = o * t;
        }
    }
}

/* Given ∂L/∂h′ and ∂L/∂c′ [hidden, rows], the forward's sigmoids, c and tanh(c′): ∂L/∂gates
 * [4·hidden, rows] (of the pre-activations, the candidate's doubled one included) and ∂L/∂c [hidden, rows]. */
L2L_CLONES
void l2l_lstm_cell_backward(const float *restrict sigmoids, const float *restrict cell, const float *restrict next_cell_tanh, const float *restrict grad_hidden,
                            const float *restrict grad_cell, float *restrict grad_gates, float *restrict grad_cell_before, int64_t hidden, int64_t rows)
{
    for (int64_t j = 0; j < hidden; j++)
    {
        const float *restrict si = sigmoids + j * rows, *restrict sf = sigmoids + (hidden + j) * rows, *restrict so = sigmoids + (2 * hidden + j) * rows, *restrict sg = sigmoids + (3 * hidden + j) * rows;
        const float *restrict c = cell + j * rows, *restrict tn = next_cell_tanh + j * rows;
        const float *restrict dh = grad_hidden + j * rows, *restrict dcn = grad_cell + j * rows;
        float *restrict di = grad_gates + j * rows, *restrict df = grad_gates + (hidden + j) * rows, *restrict dout = grad_gates + (2 * hidden + j) * rows, *restrict dg = grad_gates + (3 * hidden + j) * rows;
        float *restrict dc = grad_cell_before + j * rows;
        for (int64_t r = 0; r < rows; r++)
        {
            float i = si[r], f = sf[r], o = so[r], g = sg[r], t = tn[r];
            float h_grad = dh[r];
            float c_grad = dcn[r] + h_grad * o * (1.0f - t * t);
            dout[r] = h_grad * t * o * (1.0f - o);
            di[r] = c_grad * (2.0f * g - 1.0f) * i * (1.0f - i);
            df[r] = c_grad * c[r] * f * (1.0f - f);
            dg[r] = c_grad * 2.0f * i * g * (1.0f - g);
            dc[r] = c_grad * f;
        }
    }
}
