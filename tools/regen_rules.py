import re,os,glob
d='/work/main/crates/rules/src/rules/dockerfile'
mods=sorted(os.path.basename(f)[:-3] for f in glob.glob(d+'/*.rs') if not f.endswith('/mod.rs'))
info=[]
for m in mods:
    t=open(f'{d}/{m}.rs').read()
    name=re.search(r"pub struct (\w+) \{",t).group(1)
    code=re.search(r'code: "(\w+)"',t).group(1)
    info.append((code,m,name))
out="//! Dockerfile rules, one per file.\n\n"+"".join(f"mod {m};\n" for m in mods)+"\n"+"".join(f"pub use {m}::{n};\n" for c,m,n in sorted(info,key=lambda x:x[1]))
open(d+'/mod.rs','w').write(out)
p='/work/main/crates/rules/src/rules/mod.rs'
s=open(p).read()
start=s.index("pub static RULES: &[Rule] = &[")
end=s.index("];",start)+2
body="pub static RULES: &[Rule] = &[\n"
for c,m,n in sorted(info):
    if n=="ParseError":
        body+="    Rule {\n        meta: &dockerfile::ParseError::META,\n        check: Check::Parser,\n    },\n"
    else:
        body+=f"    dockerfile_rule!({n}),\n"
body+="];"
s=s[:start]+body+s[end:]
open(p,'w').write(s)
print(len(info),"rules")
