import { useCallback, useRef, useState } from 'react';
import { admitFiles, checkFile, type PickedFile } from './picked-files.ts';
import { discardUpload, storeAndUpload } from './upload-queue.ts';

/**
 * The files attached to the message being written: `add` checks each by its first bytes and
 * the limits, keeps the admitted ones on the device and starts their uploads; `refusals` says
 * what was turned away and why. `clear` forgets them once the message is sent (their uploads
 * go on); `remove` takes one off and discards it.
 */
export function usePickedFiles() {
  const [picked, setPicked] = useState<PickedFile[]>([]);
  const [refusals, setRefusals] = useState<string[]>([]);
  // Picks can overlap (a paste while a drop is being read): count what is on its way too.
  const count = useRef(0);

  const add = useCallback(async (files: readonly File[]) => {
    if (files.length === 0) return;
    const checked = await Promise.all(files.map(checkFile));
    const { admitted, refusals: refused } = admitFiles(count.current, checked);
    count.current += admitted.length;
    setRefusals(refused);
    for (const { file, mediaType } of admitted) {
      const id = await storeAndUpload(file, mediaType);
      setPicked((current) => [...current, { id, name: file.name, size: file.size, mediaType }]);
    }
  }, []);

  const remove = useCallback((id: string) => {
    count.current -= 1;
    setPicked((current) => current.filter((file) => file.id !== id));
    void discardUpload(id);
  }, []);

  const clear = useCallback(() => {
    count.current = 0;
    setPicked([]);
    setRefusals([]);
  }, []);

  return { picked, refusals, add, remove, clear };
}
