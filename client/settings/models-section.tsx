import { useNewChatModel } from '../chat/use-new-chat-model.ts';
import { ModelPicker } from '../models/model-picker.tsx';

/** Settings › Models: the model new chats start with on this device. */
export function ModelsSection() {
  const [model, setModel] = useNewChatModel();
  return (
    <section className="settings-section" aria-labelledby="settings-models">
      <h2 id="settings-models">Models</h2>
      <p className="muted">New chats start with this model; each chat can switch in its header.</p>
      <ModelPicker value={model} onChange={setModel} />
    </section>
  );
}
