// Command shell-parser is mvdan.cc/sh's bash parser compiled to WebAssembly for Specwright's command
// policy. It registers one synchronous function on the object the host passes as the JavaScript
// global: parse(text) returns the syntax tree as JSON, or {"error": "..."}.
//
// The JSON mirrors the Go types of mvdan.cc/sh/v3/syntax: every struct is an object with "type" (the
// Go type name), "pos" and "end" (UTF-8 byte offsets) and its exported fields under their Go names;
// pointers and interfaces are the object or null, slices are arrays, operators are their shell text
// ("&&", ">>"), position fields are left out. See src/core/policy/shell/syntaxTree.ts.
package main

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"syscall/js"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

var (
	posType      = reflect.TypeOf(syntax.Pos{})
	nodeType     = reflect.TypeOf((*syntax.Node)(nil)).Elem()
	stringerType = reflect.TypeOf((*fmt.Stringer)(nil)).Elem()
)

func main() {
	parser := syntax.NewParser(syntax.Variant(syntax.LangBash))
	parse := js.FuncOf(func(this js.Value, args []js.Value) (result any) {
		defer func() {
			// A parser bug must not end the Go program: later calls would all fail.
			if r := recover(); r != nil {
				result = errorJSON(fmt.Sprintf("the shell parser failed: %v", r))
			}
		}()
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return errorJSON("parse expects one string")
		}
		file, err := parser.Parse(strings.NewReader(args[0].String()), "")
		if err != nil {
			return errorJSON(err.Error())
		}
		e := encoder{buf: make([]byte, 0, 4096)}
		e.value(reflect.ValueOf(file))
		return string(e.buf)
	})
	js.Global().Set("parse", parse)
	// Keep the program alive so the host can call parse again.
	select {}
}

func errorJSON(message string) string {
	e := encoder{}
	e.buf = append(e.buf, `{"error":`...)
	e.str(message)
	e.buf = append(e.buf, '}')
	return string(e.buf)
}

type encoder struct{ buf []byte }

func (e *encoder) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			e.buf = append(e.buf, "null"...)
			return
		}
		e.value(v.Elem())
	case reflect.Ptr:
		if v.IsNil() {
			e.buf = append(e.buf, "null"...)
			return
		}
		if v.Elem().Kind() == reflect.Struct {
			e.object(v)
			return
		}
		e.value(v.Elem())
	case reflect.Struct:
		// Structs held by value (none today) get no positions: those are methods of the pointer.
		e.object(reflect.Value{})
	case reflect.Slice:
		e.buf = append(e.buf, '[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.value(v.Index(i))
		}
		e.buf = append(e.buf, ']')
	case reflect.Bool:
		e.buf = strconv.AppendBool(e.buf, v.Bool())
	case reflect.String:
		e.str(v.String())
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint:
		if v.Type().Implements(stringerType) {
			// Operators: their shell text, or "" for none.
			if v.Uint() == 0 {
				e.str("")
			} else {
				e.str(v.Interface().(fmt.Stringer).String())
			}
			return
		}
		e.buf = strconv.AppendUint(e.buf, v.Uint(), 10)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.buf = strconv.AppendInt(e.buf, v.Int(), 10)
	default:
		e.buf = append(e.buf, "null"...)
	}
}

// object writes the struct behind the pointer ptr.
func (e *encoder) object(ptr reflect.Value) {
	if !ptr.IsValid() {
		e.buf = append(e.buf, "null"...)
		return
	}
	v := ptr.Elem()
	t := v.Type()
	e.buf = append(e.buf, `{"type":`...)
	e.str(t.Name())
	if ptr.Type().Implements(nodeType) {
		node := ptr.Interface().(syntax.Node)
		e.buf = append(e.buf, `,"pos":`...)
		e.buf = strconv.AppendUint(e.buf, uint64(node.Pos().Offset()), 10)
		e.buf = append(e.buf, `,"end":`...)
		e.buf = strconv.AppendUint(e.buf, uint64(node.End().Offset()), 10)
	}
	for i := 0; i < t.NumField(); i++ {
		field := t.Field(i)
		if !field.IsExported() || field.Type == posType {
			continue
		}
		e.buf = append(e.buf, ',')
		e.str(field.Name)
		e.buf = append(e.buf, ':')
		e.value(v.Field(i))
	}
	e.buf = append(e.buf, '}')
}

const hex = "0123456789abcdef"

// str writes s as a JSON string. Input comes from a JavaScript string, so it is valid UTF-8.
func (e *encoder) str(s string) {
	e.buf = append(e.buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			e.buf = append(e.buf, c)
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				e.buf = append(e.buf, `\ufffd`...)
			} else {
				e.buf = append(e.buf, s[i:i+size]...)
			}
			i += size
			continue
		}
		switch c {
		case '"', '\\':
			e.buf = append(e.buf, '\\', c)
		case '\n':
			e.buf = append(e.buf, '\\', 'n')
		case '\t':
			e.buf = append(e.buf, '\\', 't')
		case '\r':
			e.buf = append(e.buf, '\\', 'r')
		default:
			e.buf = append(e.buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
	}
	e.buf = append(e.buf, '"')
}
