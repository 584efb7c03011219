"""A stand-in with the attribute layout and call structure of Chatterbox's T3 at the small size of the bundled
dump (reference-dumps/t3-small-seed1: Llama 2 layers, hidden 64, 4 heads x 16, MLP 128; perceiver 32 x 64).

Only what the ``chatterbox-t3`` command depends on is mimicked: the module tree and its names (``tfmr.layers.N``
with ``self_attn.q_proj`` ..., ``cond_enc.perceiver.attn``, the learned position tables), who calls whom with which
arguments (the keyword names of transformers 4.46's Llama, the legacy key/value cache tuples it returns), the
``T3HuggingfaceBackend`` and the logits processors that ``T3.inference`` builds, and the sampling loop. The math
is plain and the weights are random: the tokens mean nothing.
"""

import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import Optional

import torch
from torch import Tensor, nn

D, HEADS, HEAD_DIM, MLP, LAYERS = 64, 4, 16, 128, 2


class T3Config:
    def __init__(self):
        self.start_text_token, self.stop_text_token, self.text_tokens_dict_size = 255, 0, 704
        self.start_speech_token, self.stop_speech_token, self.speech_tokens_dict_size = 6561, 6562, 8194
        self.max_text_tokens, self.max_speech_tokens = 2048, 4096
        self.speaker_embed_size, self.n_channels = 256, D
        self.input_pos_emb = "learned"


class LlamaConfig:
    def __init__(self):
        self.hidden_size, self.num_hidden_layers, self.num_attention_heads = D, LAYERS, HEADS
        self.rms_norm_eps, self.rope_theta = 1e-5, 500000.0

    def to_dict(self):
        return dict(vars(self))


@dataclass
class T3Cond:
    speaker_emb: Tensor
    clap_emb: Optional[Tensor] = None
    cond_prompt_speech_tokens: Optional[Tensor] = None
    cond_prompt_speech_emb: Optional[Tensor] = None
    emotion_adv: Optional[Tensor] = 0.5

    def to(self, *, device=None, dtype=None):
        return self


class ModelOutput(OrderedDict):
    """Like transformers' ModelOutput: a dict of the fields that are set, readable as attributes."""

    def __init__(self, **fields):
        super().__init__((k, v) for k, v in fields.items() if v is not None)

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class DynamicCache:
    def __init__(self, legacy=None):
        self.key_cache = [k for k, _ in legacy or ()]
        self.value_cache = [v for _, v in legacy or ()]

    def seen(self):
        return self.key_cache[0].shape[-2] if self.key_cache else 0

    def update(self, k, v, layer):
        if layer == len(self.key_cache):
            self.key_cache.append(k)
            self.value_cache.append(v)
        else:
            self.key_cache[layer] = torch.cat([self.key_cache[layer], k], dim=-2)
            self.value_cache[layer] = torch.cat([self.value_cache[layer], v], dim=-2)
        return self.key_cache[layer], self.value_cache[layer]

    def to_legacy_cache(self):
        return tuple(zip(self.key_cache, self.value_cache))


class LlamaRMSNorm(nn.Module):
    def __init__(self, eps=1e-5):
        super().__init__()
        self.weight, self.eps = nn.Parameter(torch.ones(D)), eps

    def forward(self, hidden_states):
        h = hidden_states.float()
        return self.weight * (h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + self.eps))


class LlamaRotaryEmbedding(nn.Module):
    def forward(self, x, position_ids):
        inv = 1.0 / (500000.0 ** (torch.arange(0, HEAD_DIM, 2).float() / HEAD_DIM))
        freqs = position_ids[:, :, None].float() * inv[None, None, :]
        emb = torch.cat([freqs, freqs], dim=-1)
        return emb.cos(), emb.sin()


def rotate_half(x):
    return torch.cat([-x[..., HEAD_DIM // 2:], x[..., :HEAD_DIM // 2]], dim=-1)


class LlamaAttention(nn.Module):
    def __init__(self, layer):
        super().__init__()
        self.layer_idx = layer
        self.q_proj, self.k_proj, self.v_proj, self.o_proj = (nn.Linear(D, D, bias=False) for _ in range(4))

    def forward(self, hidden_states, attention_mask=None, position_ids=None, past_key_value=None,
                output_attentions=False, use_cache=False, cache_position=None, position_embeddings=None, **kwargs):
        b, s, _ = hidden_states.shape
        q, k, v = (p(hidden_states).view(b, s, HEADS, HEAD_DIM).transpose(1, 2)
                   for p in (self.q_proj, self.k_proj, self.v_proj))
        cos, sin = (t[:, None] for t in position_embeddings)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        k, v = past_key_value.update(k, v, self.layer_idx)
        scores = q @ k.transpose(-1, -2) / math.sqrt(HEAD_DIM)
        causal = torch.ones(s, k.shape[-2], dtype=torch.bool).tril(k.shape[-2] - s)
        attn = scores.masked_fill(~causal, float("-inf")).softmax(-1) @ v
        return self.o_proj(attn.transpose(1, 2).reshape(b, s, D)), None, past_key_value


class LlamaMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.gate_proj, self.up_proj = nn.Linear(D, MLP, bias=False), nn.Linear(D, MLP, bias=False)
        self.down_proj, self.act_fn = nn.Linear(MLP, D, bias=False), nn.SiLU()

    def forward(self, x):
        return self.down_proj(self.act_fn(self.gate_proj(x)) * self.up_proj(x))


class LlamaDecoderLayer(nn.Module):
    def __init__(self, layer):
        super().__init__()
        self.self_attn, self.mlp = LlamaAttention(layer), LlamaMLP()
        self.input_layernorm, self.post_attention_layernorm = LlamaRMSNorm(), LlamaRMSNorm()

    def forward(self, hidden_states, attention_mask=None, position_ids=None, past_key_value=None,
                output_attentions=False, use_cache=False, cache_position=None, position_embeddings=None, **kwargs):
        h, _, present = self.self_attn(hidden_states=self.input_layernorm(hidden_states),
                                       attention_mask=attention_mask, position_ids=position_ids,
                                       past_key_value=past_key_value, output_attentions=output_attentions,
                                       use_cache=use_cache, cache_position=cache_position,
                                       position_embeddings=position_embeddings)
        h = hidden_states + h
        return h + self.mlp(self.post_attention_layernorm(h)), present


class LlamaModel(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.embed_tokens = nn.Embedding(8, D)
        self.layers = nn.ModuleList(LlamaDecoderLayer(i) for i in range(LAYERS))
        self.norm, self.rotary_emb = LlamaRMSNorm(), LlamaRotaryEmbedding()

    def forward(self, input_ids=None, attention_mask=None, position_ids=None, past_key_values=None,
                inputs_embeds=None, use_cache=None, output_attentions=None, output_hidden_states=None,
                return_dict=None, cache_position=None):
        cache = DynamicCache(past_key_values)
        seen = cache.seen()
        cache_position = torch.arange(seen, seen + inputs_embeds.shape[1])
        position_ids = cache_position.unsqueeze(0)
        hidden_states = inputs_embeds
        position_embeddings = self.rotary_emb(hidden_states, position_ids)
        all_hidden = ()
        for layer in self.layers:
            all_hidden += (hidden_states,)
            hidden_states, _ = layer(hidden_states, attention_mask=None, position_ids=position_ids,
                                     past_key_value=cache, output_attentions=output_attentions,
                                     use_cache=use_cache, cache_position=cache_position,
                                     position_embeddings=position_embeddings)
        hidden_states = self.norm(hidden_states)
        all_hidden += (hidden_states,)
        return ModelOutput(last_hidden_state=hidden_states, past_key_values=cache.to_legacy_cache(),
                           hidden_states=all_hidden if output_hidden_states else None)


class LearnedPositionEmbeddings(nn.Module):
    def __init__(self, seq_len):
        super().__init__()
        self.emb = nn.Embedding(seq_len, D)

    def forward(self, x):
        return self.emb(torch.arange(0, x.shape[1]))

    def get_fixed_embedding(self, idx):
        return self.emb(torch.atleast_2d(torch.tensor(idx)))


class AttentionQKV(nn.Module):
    def forward(self, q, k, v, mask=None):
        split = lambda x: x.view(x.shape[0], x.shape[1], HEADS, -1).transpose(1, 2)  # noqa: E731
        w = (split(q) @ split(k).transpose(-1, -2) / math.sqrt(HEAD_DIM)).softmax(-1)
        out = w @ split(v)
        return out.transpose(1, 2).reshape(q.shape)


class AttentionBlock2(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = nn.LayerNorm(D)
        self.to_q, self.to_k, self.to_v = nn.Linear(D, D), nn.Linear(D, D), nn.Linear(D, D)
        self.attention, self.proj_out = AttentionQKV(), nn.Linear(D, D)

    def forward(self, x1, x2, mask=None):
        x1_norm, x2_norm = self.norm(x1), self.norm(x2)
        h = self.attention(self.to_q(x1_norm), self.to_k(x2_norm), self.to_v(x2_norm), mask=mask)
        return x1 + self.proj_out(h)


class Perceiver(nn.Module):
    def __init__(self):
        super().__init__()
        self.pre_attention_query = nn.Parameter(torch.randn(1, 32, D))
        self.attn = AttentionBlock2()

    def forward(self, h):
        pre_att = self.attn(self.pre_attention_query.expand(h.shape[0], -1, -1), h)
        return self.attn(pre_att, pre_att)


class T3CondEnc(nn.Module):
    def __init__(self, hp):
        super().__init__()
        self.hp = hp
        self.spkr_enc = nn.Linear(hp.speaker_embed_size, D)
        self.emotion_adv_fc = nn.Linear(1, D, bias=False)
        self.perceiver = Perceiver()

    def forward(self, cond: T3Cond):
        spkr = self.spkr_enc(cond.speaker_emb.view(-1, self.hp.speaker_embed_size))[:, None]
        prompt = self.perceiver(cond.cond_prompt_speech_emb)
        emotion = self.emotion_adv_fc(cond.emotion_adv.view(-1, 1, 1))
        return torch.cat((spkr, prompt, emotion), dim=1)


class T3HuggingfaceBackend(nn.Module):
    def __init__(self, config, llama, *, speech_enc, speech_head):
        super().__init__()
        self.config, self.model, self.speech_enc, self.speech_head = config, llama, speech_enc, speech_head

    def forward(self, inputs_embeds, past_key_values=None, use_cache=True, output_attentions=False,
                output_hidden_states=True, return_dict=True):
        tfmr_out = self.model(inputs_embeds=inputs_embeds, past_key_values=past_key_values, use_cache=use_cache,
                              output_attentions=output_attentions, output_hidden_states=output_hidden_states,
                              return_dict=True)
        logits = self.speech_head(tfmr_out.hidden_states[-1])
        return ModelOutput(logits=logits, past_key_values=tfmr_out.past_key_values,
                           hidden_states=tfmr_out.hidden_states)


class RepetitionPenaltyLogitsProcessor:
    def __init__(self, penalty):
        self.penalty = penalty

    def __call__(self, input_ids, scores):
        score = torch.gather(scores, 1, input_ids)
        score = torch.where(score < 0, score * self.penalty, score / self.penalty)
        return scores.scatter(1, input_ids, score)


class MinPLogitsWarper:
    def __init__(self, min_p):
        self.min_p = min_p

    def __call__(self, input_ids, scores):
        probs = torch.softmax(scores, dim=-1)
        remove = probs < self.min_p * probs.amax(dim=-1, keepdim=True)
        return scores.masked_fill(remove, float("-inf"))


class TopPLogitsWarper:
    def __init__(self, top_p):
        self.top_p = top_p

    def __call__(self, input_ids, scores):
        sorted_logits, order = torch.sort(scores, descending=False)
        remove = sorted_logits.softmax(dim=-1).cumsum(dim=-1) <= (1 - self.top_p)
        remove[..., -1:] = False
        return scores.masked_fill(remove.scatter(1, order, remove), float("-inf"))


class T3(nn.Module):
    def __init__(self, seed=0):
        super().__init__()
        torch.manual_seed(seed)
        self.hp, self.cfg = T3Config(), LlamaConfig()
        self.tfmr = LlamaModel(self.cfg)
        self.cond_enc = T3CondEnc(self.hp)
        self.text_emb = nn.Embedding(self.hp.text_tokens_dict_size, D)
        self.speech_emb = nn.Embedding(self.hp.speech_tokens_dict_size, D)
        self.text_pos_emb = LearnedPositionEmbeddings(self.hp.max_text_tokens + 2)
        self.speech_pos_emb = LearnedPositionEmbeddings(self.hp.max_speech_tokens + 4)
        self.text_head = nn.Linear(D, self.hp.text_tokens_dict_size, bias=False)
        self.speech_head = nn.Linear(D, self.hp.speech_tokens_dict_size, bias=False)
        with torch.no_grad():
            self.speech_head.weight.mul_(8.0)

    def prepare_conditioning(self, t3_cond: T3Cond):
        if t3_cond.cond_prompt_speech_tokens is not None and t3_cond.cond_prompt_speech_emb is None:
            t3_cond.cond_prompt_speech_emb = self.speech_emb(t3_cond.cond_prompt_speech_tokens)
            t3_cond.cond_prompt_speech_emb += self.speech_pos_emb(t3_cond.cond_prompt_speech_tokens)
        return self.cond_enc(t3_cond)

    def prepare_input_embeds(self, *, t3_cond: T3Cond, text_tokens, speech_tokens, cfg_weight: float = 0.0):
        cond_emb = self.prepare_conditioning(t3_cond)
        text_emb = self.text_emb(text_tokens)
        if cfg_weight > 0.0:
            text_emb[1].zero_()
        speech_emb = self.speech_emb(speech_tokens)
        text_emb = text_emb + self.text_pos_emb(text_tokens)
        speech_emb = speech_emb + self.speech_pos_emb(speech_tokens)
        cond_emb = cond_emb.expand(text_emb.size(0), -1, -1)
        return torch.stack([torch.cat((c, t, s)) for c, t, s in zip(cond_emb, text_emb, speech_emb)]), cond_emb.size(1)

    def inference(self, *, t3_cond: T3Cond, text_tokens: Tensor, initial_speech_tokens=None, max_new_tokens=None,
                  temperature=0.8, top_p=0.95, min_p=0.05, repetition_penalty=1.2, cfg_weight=0.5):
        text_tokens = torch.atleast_2d(text_tokens).to(dtype=torch.long)
        initial_speech_tokens = self.hp.start_speech_token * torch.ones_like(text_tokens[:, :1])
        embeds, _ = self.prepare_input_embeds(t3_cond=t3_cond, text_tokens=text_tokens,
                                              speech_tokens=initial_speech_tokens, cfg_weight=cfg_weight)
        self.patched_model = T3HuggingfaceBackend(config=self.cfg, llama=self.tfmr, speech_enc=self.speech_emb,
                                                  speech_head=self.speech_head)
        bos_token = torch.tensor([[self.hp.start_speech_token]], dtype=torch.long)
        bos_embed = self.speech_emb(bos_token) + self.speech_pos_emb.get_fixed_embedding(0)
        inputs_embeds = torch.cat([embeds, torch.cat([bos_embed, bos_embed])], dim=1)
        generated_ids, predicted = bos_token.clone(), []
        top_p_warper = TopPLogitsWarper(top_p=top_p)
        min_p_warper = MinPLogitsWarper(min_p=min_p)
        top_p_warper = TopPLogitsWarper(top_p=top_p)
        repetition_penalty_processor = RepetitionPenaltyLogitsProcessor(penalty=float(repetition_penalty))
        output = self.patched_model(inputs_embeds=inputs_embeds, past_key_values=None, use_cache=True,
                                    output_attentions=False, output_hidden_states=True, return_dict=True)
        past = output.past_key_values
        for i in range(max_new_tokens):
            logits_step = output.logits[:, -1, :]
            cond, uncond = logits_step[0:1, :], logits_step[1:2, :]
            logits = cond + cfg_weight * (cond - uncond)
            ids_for_proc = generated_ids[:1, ...]
            logits = repetition_penalty_processor(ids_for_proc, logits)
            if temperature != 1.0:
                logits = logits / temperature
            logits = min_p_warper(ids_for_proc, logits)
            logits = top_p_warper(ids_for_proc, logits)
            probs = torch.softmax(logits, dim=-1)
            next_token = torch.multinomial(probs, num_samples=1)
            predicted.append(next_token)
            generated_ids = torch.cat([generated_ids, next_token], dim=1)
            if next_token.view(-1) == self.hp.stop_speech_token:
                break
            embed = self.speech_emb(next_token) + self.speech_pos_emb.get_fixed_embedding(i + 1)
            output = self.patched_model(inputs_embeds=torch.cat([embed, embed]), past_key_values=past,
                                        output_attentions=False, output_hidden_states=True, return_dict=True)
            past = output.past_key_values
        return torch.cat(predicted, dim=1)


