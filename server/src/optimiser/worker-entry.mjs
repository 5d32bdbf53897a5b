// Worker threads do not inherit the main thread's TypeScript loader: register it here, then load the task.
import { register } from "tsx/esm/api";

register();
const { default: handle } = await import("./worker.ts");
export default handle;
