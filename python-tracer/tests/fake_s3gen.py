"""A stand-in with the attribute layout and call structure of Chatterbox's S3Token2Wav (no real math).

Only what the ``chatterbox`` command depends on is mimicked: the object tree (``flow.decoder.estimator``,
``mel2wav.m_source.l_sin_gen``), the traced methods and who calls whom, and the random draws with the
shapes of the real model for 4 prompt + 8 speech tokens (docs/chatterbox-s3gen.md section 4).
"""

import math

import torch
from torch import nn
from torch.distributions import Uniform

MEL, HOP = 80, 480


class ConditionalDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Conv1d(2 * MEL, MEL, 1)

    def forward(self, x, mask, mu, t, spks=None, cond=None):
        return self.proj(torch.cat([x, mu], dim=1)) * mask + t.view(-1, 1, 1)


class CausalConditionalCFM(nn.Module):
    def __init__(self):
        super().__init__()
        self.estimator = ConditionalDecoder()

    def forward(self, mu, mask, spks, cond, n_timesteps=10):
        z = torch.randn_like(mu)
        t_span = 1 - torch.cos(torch.linspace(0, 1, n_timesteps + 1) * 0.5 * math.pi)
        return self.solve_euler(z, t_span=t_span, mu=mu, mask=mask, spks=spks, cond=cond)

    def solve_euler(self, x, t_span, mu, mask, spks, cond):
        for k in range(len(t_span) - 1):
            x_in, mu_in = torch.cat([x, x]), torch.cat([mu, torch.zeros_like(mu)])
            t_in = t_span[k].expand(2)
            v = self.estimator.forward(x_in, torch.cat([mask, mask]), mu_in, t_in, spks, cond)
            v_c, v_u = v.chunk(2)
            x = x + (t_span[k + 1] - t_span[k]) * (1.7 * v_c - 0.7 * v_u)
        return x


class CausalMaskedDiffWithXvec(nn.Module):
    def __init__(self):
        super().__init__()
        self.input_embedding = nn.Embedding(6561, MEL)
        self.decoder = CausalConditionalCFM()

    def inference(self, token, token_len, prompt_token, prompt_token_len, prompt_feat, prompt_feat_len,
                  embedding, finalize=True, n_timesteps=10):
        tokens = torch.cat([prompt_token.long(), token], dim=1)
        mu = self.input_embedding(tokens).repeat_interleave(2, dim=1).transpose(1, 2).contiguous()  # (1, 80, T)
        mask = torch.ones(1, 1, mu.shape[2])
        feat = self.decoder(mu, mask, embedding[:, :MEL], mu, n_timesteps=n_timesteps)
        return feat[:, :, prompt_feat.shape[1]:], None


class SineGen(nn.Module):
    def forward(self, f0):  # (B, 1, L)
        phase = Uniform(-math.pi, math.pi).sample((f0.shape[0], 9, 1))
        sines = 0.1 * torch.sin(torch.cumsum(f0.repeat(1, 9, 1) / 24000, dim=-1) + phase)
        noise = 0.003 * torch.randn_like(sines)
        uv = (f0 > 10).float()
        return sines * uv + noise, uv, noise


class SourceModuleHnNSF(nn.Module):
    def __init__(self):
        super().__init__()
        self.l_sin_gen = SineGen()
        self.l_linear = nn.Linear(9, 1)

    def forward(self, x):  # (B, L, 1)
        sines, uv, _ = self.l_sin_gen(x.transpose(1, 2))
        merged = torch.tanh(self.l_linear(sines.transpose(1, 2)))
        uv = uv.transpose(1, 2)
        return merged, torch.randn_like(uv) * 0.1 / 3, uv


class HiFTGenerator(nn.Module):
    def __init__(self):
        super().__init__()
        self.f0_predictor = nn.Conv1d(MEL, 1, 1)
        self.f0_upsamp = nn.Upsample(scale_factor=HOP)
        self.m_source = SourceModuleHnNSF()
        self.conv_post = nn.Conv1d(MEL, 18, 1)

    def inference(self, speech_feat, cache_source=None):
        f0 = self.f0_predictor(speech_feat).abs() * 100  # (B, 1, T)
        s = self.f0_upsamp(f0).transpose(1, 2)  # (B, L, 1)
        s, _, _ = self.m_source(s)
        s = s.transpose(1, 2)
        return self.decode(x=speech_feat, s=s), s

    def decode(self, x, s):
        re, im = self._stft(s.squeeze(1))
        h = self.conv_post(x)  # (B, 18, T)
        return self._istft(h[:, :9].exp(), torch.sin(h[:, 9:])) + 0 * (re.mean() + im.mean())

    def _stft(self, x):
        frames = x.unfold(-1, 16, 4)  # (B, F, 16)
        return frames[..., :9].transpose(1, 2), frames[..., 7:].transpose(1, 2)

    def _istft(self, magnitude, phase):
        return (magnitude * torch.cos(phase)).mean(dim=1).repeat_interleave(HOP, dim=-1)


class S3Token2Wav(nn.Module):
    def __init__(self):
        super().__init__()
        self.flow = CausalMaskedDiffWithXvec()
        self.mel2wav = HiFTGenerator()

    def flow_inference(self, speech_tokens, speech_token_lens, ref_dict=None, finalize=True, n_timesteps=10):
        mel, _ = self.flow.inference(speech_tokens, speech_token_lens, finalize=finalize, n_timesteps=n_timesteps,
                                     **ref_dict)
        return mel

    def hift_inference(self, speech_feat, cache_source=None):
        if cache_source is None:
            cache_source = torch.zeros(1, 1, 0)
        return self.mel2wav.inference(speech_feat=speech_feat, cache_source=cache_source)

    @torch.no_grad()
    def inference(self, speech_tokens, speech_token_lens=None, ref_dict=None, cache_source=None, finalize=True,
                  n_cfm_timesteps=None):
        lens = torch.tensor([speech_tokens.shape[1]])
        mel = self.flow_inference(speech_tokens, lens, ref_dict=ref_dict, n_timesteps=n_cfm_timesteps or 10)
        wav, source = self.hift_inference(mel, cache_source)
        return wav, source
