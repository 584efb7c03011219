package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/**
 * {@code torch.nn.LSTM(input_size, hidden_size, num_layers, batch_first=True)}, zero initial state. Per layer and
 * step: gates = W_ih·x + b_ih + W_hh·h + b_hh with rows in PyTorch's order <b>input, forget, cell (g), output</b>;
 * i, f, o sigmoid, g tanh; c = f·c + i·g; h = o·tanh(c). Layer k+1 reads layer k's whole output sequence.
 */
public final class LSTM extends Module {
    public final int input_size;
    public final int hidden_size;
    public final int num_layers;
    private final NDArray[] weight_ih; // (4H, in)
    private final NDArray[] weight_hh; // (4H, H)
    private final NDArray[] bias; // (4H) = bias_ih + bias_hh

    public LSTM(String path, Weights w, int inputSize, int hiddenSize, int numLayers) {
        super(path);
        this.input_size = inputSize;
        this.hidden_size = hiddenSize;
        this.num_layers = numLayers;
        weight_ih = new NDArray[numLayers];
        weight_hh = new NDArray[numLayers];
        bias = new NDArray[numLayers];
        for (int l = 0; l < numLayers; l++) {
            weight_ih[l] = w.take(child("weight_ih_l" + l), 4L * hiddenSize, l == 0 ? inputSize : hiddenSize);
            weight_hh[l] = w.take(child("weight_hh_l" + l), 4L * hiddenSize, hiddenSize);
            bias[l] = w.take(child("bias_ih_l" + l), 4L * hiddenSize).add(w.take(child("bias_hh_l" + l),
                    4L * hiddenSize));
        }
    }

    /** x (B, T, input_size) → [output (B, T, H), h_n (layers, B, H), c_n (layers, B, H)]. */
    public NDList forward(RunContext ctx, NDArray x) {
        Call call = begin(ctx).in(x);
        NDManager parent = x.getManager();
        NDList result;
        try (NDManager scope = parent.newSubManager()) {
            x.tempAttach(scope); // intermediates live in the scope; x returns to its manager
            NDArray seq = x.transpose(1, 0, 2); // (T, B, in)
            NDArray[] h = new NDArray[num_layers];
            NDArray[] c = new NDArray[num_layers];
            for (int l = 0; l < num_layers; l++) {
                NDArray[] hc = layer(ctx, seq, l, scope);
                seq = hc[0]; // (T, B, H)
                h[l] = hc[1];
                c[l] = hc[2];
            }
            result = new NDList(seq.transpose(1, 0, 2), NDArrays.stack(new NDList(h)), NDArrays.stack(new NDList(c)));
            result.attach(parent);
        }
        NDArray out = call.out(result.get(0)); // (B, T, H)
        NDArray hn = call.out("h_n", result.get(1)); // (layers, B, H)
        NDArray cn = call.out("c_n", result.get(2)); // (layers, B, H)
        return new NDList(out, hn, cn);
    }

    /** One layer over the sequence (T, B, in): [outputs (T, B, H), h (B, H), c (B, H)]. */
    private NDArray[] layer(RunContext ctx, NDArray seq, int l, NDManager scope) {
        long steps = seq.getShape().get(0);
        long batch = seq.getShape().get(1);
        NDArray wih = weight_ih[l].transpose(); // (in, 4H), on the parameters' manager until attached
        wih.attach(scope);
        NDArray whh = weight_hh[l].transpose(); // (H, 4H)
        whh.attach(scope);
        NDArray xw = seq.matMul(wih).add(bias[l]); // (T, B, 4H)
        NDArray h = scope.zeros(new Shape(batch, hidden_size)); // (B, H)
        NDArray c = scope.zeros(new Shape(batch, hidden_size)); // (B, H)
        boolean tf = faulty(ctx, Fault.LSTM_GATES_TF_ORDER);
        NDList outs = new NDList();
        for (long t = 0; t < steps; t++) {
            NDList g = xw.get(t).add(h.matMul(whh)).split(4, 1); // 4 × (B, H)
            NDArray i = Activation.sigmoid(g.get(0));
            NDArray f = Activation.sigmoid(g.get(tf ? 2 : 1));
            NDArray gg = g.get(tf ? 1 : 2).tanh();
            NDArray o = Activation.sigmoid(g.get(3));
            c = f.mul(c).add(i.mul(gg));
            h = o.mul(c.tanh());
            outs.add(h);
        }
        return new NDArray[] {NDArrays.stack(outs), h, c};
    }
}
