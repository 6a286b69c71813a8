/**
 * What kinds of objects the engine tells apart, and the constructors, annotations and factory
 * methods that say which kind a value is (`multiprocessing.Queue` → a queue).
 */

/** What a receiver is known to be. `list:K` is a collection whose elements are K. */
export type Kind =
  | 'queue'
  | 'simple-queue'
  | 'async-queue'
  | 'pipe'
  | 'pipe-pair'
  | 'process'
  | 'event'
  /** A thread or process lock, semaphore or condition (not asyncio's). */
  | 'lock'
  | 'mp-context'
  | 'manager'
  | 'popen'
  | 'pool'
  | 'model'
  | 'ort-session'
  | 'thread'
  | 'http-client'
  /** `cv2.VideoCapture`: a camera or a video file being read. */
  | 'capture'
  /** `cv2.dnn.readNet*`: an OpenCV network, whose `forward()` is its inference API. */
  | 'cv2-net'
  /** A function or method (a `def`, a lambda, a bound method of this file's classes). */
  | 'function'
  | 'other';

export type ValueKind = Kind | `list:${Kind}`;

export const CONSTRUCTOR_KINDS: ReadonlyMap<string, ValueKind> = new Map<string, ValueKind>([
  ...['multiprocessing', 'torch.multiprocessing', 'multiprocessing.queues', 'multiprocessing.dummy'].flatMap(
    (m): Array<[string, ValueKind]> => [
      [`${m}.Queue`, 'queue'],
      [`${m}.JoinableQueue`, 'queue'],
      [`${m}.SimpleQueue`, 'simple-queue'],
    ],
  ),
  ['queue.Queue', 'queue'],
  ['queue.LifoQueue', 'queue'],
  ['queue.PriorityQueue', 'queue'],
  ['queue.SimpleQueue', 'queue'],
  ['asyncio.Queue', 'async-queue'],
  ['asyncio.LifoQueue', 'async-queue'],
  ['asyncio.PriorityQueue', 'async-queue'],
  ['asyncio.queues.Queue', 'async-queue'],
  ['multiprocessing.Pipe', 'pipe-pair'],
  ['torch.multiprocessing.Pipe', 'pipe-pair'],
  ['multiprocessing.get_context', 'mp-context'],
  ['torch.multiprocessing.get_context', 'mp-context'],
  ['multiprocessing.Manager', 'manager'],
  ['torch.multiprocessing.Manager', 'manager'],
  ['multiprocessing.managers.SyncManager', 'manager'],
  ['multiprocessing.Process', 'process'],
  ['multiprocessing.context.Process', 'process'],
  ['multiprocessing.context.SpawnProcess', 'process'],
  ['multiprocessing.context.ForkProcess', 'process'],
  ['multiprocessing.process.BaseProcess', 'process'],
  ['torch.multiprocessing.Process', 'process'],
  ['multiprocessing.Event', 'event'],
  ['torch.multiprocessing.Event', 'event'],
  ['threading.Event', 'event'],
  ...['Lock', 'RLock', 'Semaphore', 'BoundedSemaphore', 'Condition'].flatMap((c): Array<[string, ValueKind]> => [
    [`threading.${c}`, 'lock'],
    [`multiprocessing.${c}`, 'lock'],
  ]),
  ['asyncio.Event', 'event'],
  ['subprocess.Popen', 'popen'],
  ['multiprocessing.Pool', 'pool'],
  ['multiprocessing.pool.Pool', 'pool'],
  ['torch.multiprocessing.Pool', 'pool'],
  ['concurrent.futures.ProcessPoolExecutor', 'pool'],
  ['multiprocessing.pool.ThreadPool', 'pool'],
  ['multiprocessing.dummy.Pool', 'pool'],
  // A ProcessContext (`join=False`); with the default `join=True` the call itself joins.
  ['torch.multiprocessing.start_processes', 'process'],
  ['torch.multiprocessing.spawn', 'process'],
  ['threading.Thread', 'thread'],
  ['threading.Timer', 'thread'],
  ['requests.Session', 'http-client'],
  ['requests.session', 'http-client'],
  ['requests.sessions.Session', 'http-client'],
  ['httpx.Client', 'http-client'],
  ['urllib3.PoolManager', 'http-client'],
  ['onnxruntime.InferenceSession', 'ort-session'],
  ['cv2.VideoCapture', 'capture'],
  ...['readNet', 'readNetFromONNX', 'readNetFromDarknet', 'readNetFromCaffe', 'readNetFromTensorflow', 'readNetFromTorch', 'readNetFromTFLite'].map(
    (f): [string, ValueKind] => [`cv2.dnn.${f}`, 'cv2-net'],
  ),
  ['ultralytics.YOLO', 'model'],
  ['ultralytics.RTDETR', 'model'],
  ['ultralytics.SAM', 'model'],
  ['torch.load', 'model'],
  ['timm.create_model', 'model'],
  ['torch.jit.load', 'model'],
  ['torch.jit.script', 'model'],
  ['torch.jit.trace', 'model'],
  ['torch.hub.load', 'model'],
  ['torch.compile', 'model'],
]);

/** Types that annotations name, beyond the constructors. */
export const ANNOTATION_KINDS: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  ['multiprocessing.connection.Connection', 'pipe'],
  ['multiprocessing.connection.PipeConnection', 'pipe'],
  ['multiprocessing.synchronize.Event', 'event'],
  ['multiprocessing.context.BaseContext', 'mp-context'],
  ['multiprocessing.context.SpawnContext', 'mp-context'],
  ['multiprocessing.context.ForkContext', 'mp-context'],
  ['onnxruntime.InferenceSession', 'ort-session'],
  // Annotation-only spellings where nothing was imported (`q: "Queue[Frame]"`).
  ['Queue', 'queue'],
  ['JoinableQueue', 'queue'],
  ['SimpleQueue', 'simple-queue'],
]);

/** Methods of a multiprocessing context or manager that build the object of that kind. */
export const FACTORY_METHODS: ReadonlyMap<string, ValueKind> = new Map<string, ValueKind>([
  ['Queue', 'queue'],
  ['JoinableQueue', 'queue'],
  ['SimpleQueue', 'simple-queue'],
  ['Process', 'process'],
  ['Event', 'event'],
  ['Lock', 'lock'],
  ['RLock', 'lock'],
  ['Semaphore', 'lock'],
  ['BoundedSemaphore', 'lock'],
  ['Condition', 'lock'],
  ['Pipe', 'pipe-pair'],
  ['Pool', 'pool'],
  ['Manager', 'manager'],
]);

export const PROCESS_CLASSES: ReadonlySet<string> = new Set([
  'multiprocessing.Process',
  'multiprocessing.context.Process',
  'multiprocessing.context.SpawnProcess',
  'multiprocessing.context.ForkProcess',
  'multiprocessing.process.BaseProcess',
  'torch.multiprocessing.Process',
]);

/** The kinds that are blocking (synchronous) queues. */
export const SYNC_QUEUE_KINDS: ReadonlySet<ValueKind | null> = new Set<ValueKind | null>(['queue', 'simple-queue']);

/** Classes whose instances are PyTorch modules: a project class deriving from one is a model. */
export const TORCH_MODULE_CLASSES: ReadonlySet<string> = new Set([
  'torch.nn.Module',
  'torch.nn.modules.module.Module',
  'torch.nn.Sequential',
  'lightning.LightningModule',
  'lightning.pytorch.LightningModule',
  'pytorch_lightning.LightningModule',
  'transformers.PreTrainedModel',
  'transformers.modeling_utils.PreTrainedModel',
]);

/** Methods of a module that return the module itself (`model.to(device).eval()`). */
export const MODEL_RETURNING_METHODS: ReadonlySet<string> = new Set(['to', 'cuda', 'cpu', 'eval', 'train', 'half', 'float', 'double', 'bfloat16', 'requires_grad_', 'share_memory']);

/** `torch.nn.Conv2d`, but not `torch.nn.functional.relu`, `torch.nn.Parameter` or `torch.nn.init.xavier_uniform_`. */
const TORCH_NN_CLASS = /^torch\.nn\.(?:modules\.\w+\.)?(?!Parameter|ParameterList|ParameterDict|Buffer)[A-Z]\w*$/;
/** `AutoModelForCausalLM`, `LlamaForCausalLM`, `CLIPModel`: not `AutoTokenizer`, `AutoConfig`, `AutoProcessor`. */
const TRANSFORMERS_MODEL = /^transformers\.(?:\w+\.)*(?!\w*(?:Tokenizer|Config|Processor|FeatureExtractor))(\w*(?:Model|For[A-Z])\w*)\.from_pretrained$/;

/**
 * The kind of value a call of `qname` makes, from the tables and from the families of model
 * constructors (`torchvision.models.resnet50`, `torch.nn.Conv2d`, `AutoModel.from_pretrained`).
 */
export function kindOfConstructor(qname: string): ValueKind | null {
  const known = CONSTRUCTOR_KINDS.get(qname);
  if (known) return known;
  if (qname.startsWith('torchvision.models.')) {
    const last = qname.slice(qname.lastIndexOf('.') + 1);
    return /^[a-z]\w*$/.test(last) && !/^(?:get|list)_/.test(last) ? 'model' : null;
  }
  if (qname.startsWith('torch.nn.') && TORCH_NN_CLASS.test(qname)) return 'model';
  if (qname.startsWith('transformers.') && TRANSFORMERS_MODEL.test(qname)) return 'model';
  return null;
}
