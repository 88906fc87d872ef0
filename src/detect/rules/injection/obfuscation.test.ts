// Rule tests for running decoded data as code.
import { ruleTester } from '../../rule-tester.js';

ruleTester('injection.obfuscated-exec', {
  valid: [
    { text: 'cb = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int)(py_callback)', kind: 'code-py', name: 'ctypes callback from a Python function' },
    { text: "data = base64.b64decode(payload)\nopen('out.png', 'wb').write(data)", kind: 'code-py', name: 'decoded data written, not run' },
    { text: 'const result = eval(expression);', kind: 'code-js', name: 'eval without a decoder' },
    { text: "const img = Buffer.from(b64, 'base64');\nfs.writeFileSync('a.png', img);", kind: 'code-js', name: 'Buffer decode for a file' },
    { text: "child_process.exec(Buffer.from(cmd).toString())", kind: 'code-js', name: 'Buffer.from without an encoding' },
    { text: '## How droppers work\n\nA skill may hide its payload as `exec(base64.b64decode(blob))`.', kind: 'markdown', name: 'described in an attack section' },
    { text: "token = base64.b64decode(header).decode()\nprint(exec_count, token)", kind: 'code-py', name: 'decoded variable printed, exec_ prefix' },
  ],
  invalid: [
    { text: 'mem = ctypes.create_string_buffer(buf, len(buf))\nctypes.CFUNCTYPE(ctypes.c_int)(ctypes.addressof(mem))()', kind: 'code-py', name: 'shellcode buffer called', errors: [{ line: 2, column: 8 }] },
    { text: "import base64\nexec(base64.b64decode('aW1wb3J0IG9z'))", kind: 'code-py', errors: [{ line: 2, column: 1 }] },
    { text: "exec(bytes.fromhex(_lic).decode())", kind: 'code-py', errors: [{ line: 1, column: 1 }] },
    { text: "const _t = 'ZmV0Y2g=';\neval(atob(_t));", kind: 'code-js', errors: [{ line: 2, column: 1 }] },
    { text: "new Function(_d.map((c) => String.fromCharCode(c ^ _k)).join(''))();", kind: 'code-js', errors: [{ line: 1, column: 1 }] },
    { text: "blob = zlib.decompress(base64.b64decode(B))\nx = 1\nexec(blob)", kind: 'code-py', name: 'two steps', errors: [{ line: 3, column: 1 }] },
    { text: "const src = Buffer.from(process.env.X, 'base64').toString('utf8');\nvm.runInNewContext(src, {});", kind: 'code-js', errors: [{ line: 2, column: 1 }] },
    { text: "exec(s[::-1])", kind: 'code-py', name: 'reversed string', errors: [{ line: 1, column: 1 }] },
  ],
});
