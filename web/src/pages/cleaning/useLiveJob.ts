import { useEffect, useState } from 'react';
import { ApiError } from '../../api.js';
import { cleaningApi, isFinished, type Job } from './cleaning-api.js';

/** How often a running job is asked for its progress. */
export const POLL_MS = 1000;

/**
 * A job kept up to date: while it runs, GET /jobs/{id} is asked once a second (a request
 * at a time; after a failed request, again a few seconds later). Polling stops when the
 * job is finished, when it is not found, or when the screen goes away.
 *
 * @param initial the job as already known (from the list), or undefined to load it
 */
export function useLiveJob(id: string, initial?: Job): { job: Job | undefined; error: unknown } {
  const [job, setJob] = useState<Job | undefined>(initial);
  const [error, setError] = useState<unknown>();
  const finished = job ? isFinished(job.status) : false;

  // A fresher copy from the list (reloaded after an upload) replaces the one shown.
  useEffect(() => {
    if (initial) setJob(initial);
  }, [initial]);

  useEffect(() => {
    if (finished) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let wait = POLL_MS;
      try {
        const { data } = await cleaningApi.job(id);
        if (!live) return;
        setJob(data);
        setError(undefined);
        if (isFinished(data.status)) return;
      } catch (e) {
        if (!live) return;
        setError(e);
        if (e instanceof ApiError && e.status >= 400 && e.status < 500) return;
        wait = 3 * POLL_MS;
      }
      timer = setTimeout(poll, wait);
    };
    // A job not yet loaded is asked at once; one from the list after a second.
    timer = setTimeout(poll, initial ? POLL_MS : 0);
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [id, finished, initial]);

  return { job, error };
}
