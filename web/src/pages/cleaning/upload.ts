/** The dataset upload (browser only: XMLHttpRequest). */
import { ApiError, api, type Problem, query } from '../../api.js';
import { type Job, uploadTypeOf } from './cleaning-api.js';

const base = '/cleaning/jobs';

export interface UploadOptions {
  kind: string;
  mode: 'registry' | 'dedupe';
  /**
   * Columns set by hand (the server guesses the rest): header → role, or the text form
   * `header=role` pairs separated by commas or new lines.
   */
  mapping?: Record<string, string> | string;
  encoding?: string;
}

/**
 * Uploads a dataset as the raw request body and starts a job (POST /jobs). The browser
 * streams the File from disk, so a file of several gigabytes never sits in the page's
 * memory. XMLHttpRequest rather than fetch, because only it reports upload progress.
 *
 * @example
 *   const up = uploadDataset(file, { kind: 'vaccination', mode: 'registry' }, (sent, total) => …);
 *   const job = await up.done;
 */
export function uploadDataset(
  file: File,
  opts: UploadOptions,
  onProgress: (sent: number, total: number) => void,
): { done: Promise<Job>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const type = uploadTypeOf(file.name);
  const mapping =
    opts.mapping && Object.keys(opts.mapping).length > 0 ? JSON.stringify(opts.mapping) : undefined;
  const q = query({
    kind: opts.kind,
    mode: opts.mode,
    name: file.name.slice(0, 200),
    format: type.format,
    encoding: opts.encoding,
    mapping,
  });
  const done = new Promise<Job>((resolve, reject) => {
    xhr.open('POST', `/api/v1${base}${q}`);
    xhr.setRequestHeader('content-type', type.contentType);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let json: unknown;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        json = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(json as Job);
      const p = (json && typeof json === 'object' ? json : {}) as Partial<Problem>;
      // Let the app's usual 401 handling (back to the login screen) run.
      if (xhr.status === 401) api.me().catch(() => undefined);
      reject(
        new ApiError({
          ...p,
          title: p.title ?? (xhr.statusText || 'Lỗi'),
          status: xhr.status,
          code: p.code ?? `http.${xhr.status}`,
        }),
      );
    };
    const network = () =>
      reject(
        new ApiError({
          title: 'Không kết nối được máy chủ, tệp chưa được tải lên hết. Kiểm tra mạng rồi thử lại.',
          status: 0,
          code: 'network',
        }),
      );
    xhr.onerror = network;
    xhr.onabort = () => reject(new ApiError({ title: 'Đã hủy tải lên.', status: 0, code: 'upload.aborted' }));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
