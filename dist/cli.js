import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  asyncio_cpu_bound_exports,
  capture_never_released_exports,
  consumer_without_shutdown_exports,
  credentials_in_url_exports,
  cuda_in_forked_process_exports,
  deep_inheritance_exports,
  float_equality_on_model_output_exports,
  forward_called_directly_exports,
  image_bomb_check_disabled_exports,
  inference_without_no_grad_exports,
  insecure_ipc_listener_exports,
  join_before_drain_exports,
  layer_violation_exports,
  mock_without_spec_exports,
  model_load_in_loop_exports,
  model_not_in_eval_mode_exports,
  not_implemented_base_exports,
  onnx_session_without_providers_exports,
  per_frame_allocation_exports,
  process_start_without_main_guard_exports,
  producer_without_poison_pill_exports,
  queue_get_without_timeout_exports,
  shared_memory_never_unlinked_exports,
  syntax_error_exports,
  terminate_for_shutdown_exports,
  test_join_without_timeout_exports,
  trust_remote_code_exports,
  unbounded_frame_queue_exports,
  unchecked_frame_read_exports,
  unpicklable_process_target_exports,
  unpinned_hub_download_exports,
  unsafe_deserialization_exports,
  unsafe_torch_load_exports,
  untyped_def_exports,
  untyped_queue_message_exports,
  unused_noqa_exports
} from "./chunk-RMCTNWVU.js";
import {
  main
} from "./chunk-RJX3ZYS3.js";
import "./chunk-Z6LWHUYD.js";
import {
  FileCache
} from "./chunk-XQTQ6QLT.js";
import {
  DEFAULT_EXCLUDES,
  Discoverer
} from "./chunk-MHIWPTQD.js";
import "./chunk-T4FOID4L.js";
import "./chunk-WXMX3OEA.js";
import "./chunk-5IP3NNJX.js";
import "./chunk-NXFFE74Q.js";
import {
  Linter,
  loadRules,
  useBundledRules
} from "./chunk-HL2M4FMB.js";
import "./chunk-FJE4V3FT.js";
import "./chunk-LMJK7JYR.js";

// entry:cli
useBundledRules([["rules/backend-architect/capture-never-released.ts", capture_never_released_exports], ["rules/backend-architect/layer-violation.ts", layer_violation_exports], ["rules/python-architect/deep-inheritance.ts", deep_inheritance_exports], ["rules/python-architect/not-implemented-base.ts", not_implemented_base_exports], ["rules/python-architect/untyped-queue-message.ts", untyped_queue_message_exports], ["rules/python-async-specialist/asyncio-cpu-bound.ts", asyncio_cpu_bound_exports], ["rules/python-async-specialist/consumer-without-shutdown.ts", consumer_without_shutdown_exports], ["rules/python-async-specialist/join-before-drain.ts", join_before_drain_exports], ["rules/python-async-specialist/process-start-without-main-guard.ts", process_start_without_main_guard_exports], ["rules/python-async-specialist/producer-without-poison-pill.ts", producer_without_poison_pill_exports], ["rules/python-async-specialist/queue-get-without-timeout.ts", queue_get_without_timeout_exports], ["rules/python-async-specialist/shared-memory-never-unlinked.ts", shared_memory_never_unlinked_exports], ["rules/python-async-specialist/terminate-for-shutdown.ts", terminate_for_shutdown_exports], ["rules/python-async-specialist/unbounded-frame-queue.ts", unbounded_frame_queue_exports], ["rules/python-async-specialist/unpicklable-process-target.ts", unpicklable_process_target_exports], ["rules/python-ml-specialist/cuda-in-forked-process.ts", cuda_in_forked_process_exports], ["rules/python-ml-specialist/forward-called-directly.ts", forward_called_directly_exports], ["rules/python-ml-specialist/inference-without-no-grad.ts", inference_without_no_grad_exports], ["rules/python-ml-specialist/model-load-in-loop.ts", model_load_in_loop_exports], ["rules/python-ml-specialist/model-not-in-eval-mode.ts", model_not_in_eval_mode_exports], ["rules/python-ml-specialist/onnx-session-without-providers.ts", onnx_session_without_providers_exports], ["rules/python-ml-specialist/per-frame-allocation.ts", per_frame_allocation_exports], ["rules/python-ml-specialist/unchecked-frame-read.ts", unchecked_frame_read_exports], ["rules/python-quality-enforcer/syntax-error.ts", syntax_error_exports], ["rules/python-quality-enforcer/untyped-def.ts", untyped_def_exports], ["rules/python-quality-enforcer/unused-noqa.ts", unused_noqa_exports], ["rules/python-security-reviewer/credentials-in-url.ts", credentials_in_url_exports], ["rules/python-security-reviewer/image-bomb-check-disabled.ts", image_bomb_check_disabled_exports], ["rules/python-security-reviewer/insecure-ipc-listener.ts", insecure_ipc_listener_exports], ["rules/python-security-reviewer/trust-remote-code.ts", trust_remote_code_exports], ["rules/python-security-reviewer/unpinned-hub-download.ts", unpinned_hub_download_exports], ["rules/python-security-reviewer/unsafe-deserialization.ts", unsafe_deserialization_exports], ["rules/python-security-reviewer/unsafe-torch-load.ts", unsafe_torch_load_exports], ["rules/python-test-writer/float-equality-on-model-output.ts", float_equality_on_model_output_exports], ["rules/python-test-writer/mock-without-spec.ts", mock_without_spec_exports], ["rules/python-test-writer/test-join-without-timeout.ts", test_join_without_timeout_exports]]);
export {
  DEFAULT_EXCLUDES,
  Discoverer,
  FileCache,
  Linter,
  loadRules,
  main
};
