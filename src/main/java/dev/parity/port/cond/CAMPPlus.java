package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.ConvSpec;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/**
 * {@code xvector.CAMPPlus} ({@code speaker_encoder}, output level "segment", BatchNorm in eval mode): FCM head,
 * TDNN (k 5, stride 2), three CAM dense blocks (12, 24, 16 layers; dilation 1, 2, 2) each followed by a transit
 * layer halving the channels, BN + ReLU, statistics pooling and a dense layer → x-vector (B, embedding_size).
 * {@link #inference} adds the Kaldi fbank front end.
 */
public final class CAMPPlus extends Module {
    private static final int[] NUM_LAYERS = {12, 24, 16};
    private static final int[] DILATION = {1, 2, 2};
    final FCM head;
    final TDNNLayer tdnn;
    final CAMDenseTDNNBlock[] blocks = new CAMDenseTDNNBlock[3];
    final TransitLayer[] transits = new TransitLayer[3];
    final BatchNorm out_nonlinear;
    final StatsPool stats;
    final DenseLayer dense;
    private final KaldiFbank fbank;
    private final TracedFunction extractFeature;
    private final TracedFunction inference;

    public CAMPPlus(String path, Weights w, CondConfig.Campplus cfg) {
        super(path);
        head = new FCM(child("head"), w, cfg.feat_dim());
        String xv = child("xvector");
        tdnn = new TDNNLayer(xv + ".tdnn", w, ConvSpec.of(head.out_channels, cfg.init_channels(), 5).stride(2)
                .padding(2).noBias());
        int channels = cfg.init_channels();
        for (int i = 0; i < 3; i++) {
            blocks[i] = new CAMDenseTDNNBlock(xv + ".block" + (i + 1), w, NUM_LAYERS[i], channels, cfg.growth_rate(),
                    cfg.bn_size() * cfg.growth_rate(), DILATION[i]);
            channels += NUM_LAYERS[i] * cfg.growth_rate();
            transits[i] = new TransitLayer(xv + ".transit" + (i + 1), w, channels, channels / 2);
            channels /= 2;
        }
        out_nonlinear = new BatchNorm(xv + ".out_nonlinear.batchnorm", w, channels, true, 1);
        stats = new StatsPool(xv + ".stats");
        dense = new DenseLayer(xv + ".dense", w, channels * 2, cfg.embedding_size());
        fbank = new KaldiFbank("kaldi.fbank()", cfg.feat_dim());
        extractFeature = new TracedFunction("xvector.extract_feature()",
                "chatterbox.models.s3gen.xvector.extract_feature");
        inference = new TracedFunction(child("inference()"), "chatterbox.models.s3gen.xvector.CAMPPlus.inference");
    }

    /** Features (B, T, feat_dim) → x-vector (B, embedding_size). */
    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x);
        NDArray h = head.forward(ctx, x.transpose(0, 2, 1)); // (B, 320, T)
        h = tdnn.forward(ctx, h); // (B, init_channels, T2)
        for (int i = 0; i < 3; i++) {
            h = transits[i].forward(ctx, blocks[i].forward(ctx, h));
        }
        h = out_nonlinear.forward(ctx, h).maximum(0f);
        return c.out(dense.forward(ctx, stats.forward(ctx, h))); // (B, embedding_size)
    }

    /** {@code inference(wav16 (1, L))}: fbank minus its time mean, then {@link #forward}. */
    public NDArray inference(RunContext ctx, NDArray wav) {
        Call c = inference.start(ctx).in(wav); // (1, L)
        Call e = extractFeature.start(ctx).in(wav);
        NDArray feat = fbank.forward(ctx, wav); // (F, 80)
        NDArray centred = e.out(feat.sub(feat.mean(new int[] {0}, true)).expandDims(0)); // (1, F, 80)
        return c.out(forward(ctx, centred));
    }
}
